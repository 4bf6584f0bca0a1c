using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>Each real domain XML of the corpus reads as its row in corpus/SOURCES.md describes it.</summary>
public sealed class DomainDefinitionCorpusTests
{
    private static DomainDefinition Read(string file) =>
        DomainDefinition.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("libvirt", file)));

    private static PciAddress A(string text) => PciAddress.Parse(text);

    private static PciHostdev Hostdev(DomainDefinition domain, string source) => Assert.Single(domain.PciHostdevs, h => h.Source == A(source));

    [Fact]
    public void JoeP_Q35OvmfGtx1080TiWithPatchedRomAllUnmanaged_VendorIdAndHidden()
    {
        // "q35-4.2 + OVMF pflash; GTX 1080 Ti (0b:00.0) with patched <rom file> + audio, plus NIC/SATA/NVMe/USB hostdevs, all managed='no'; hyperv vendor_id + <kvm><hidden>"
        var d = Read("joe-p-win10-1080ti-rom-hidden.xml");
        Assert.Equal(("win10", "kvm", "pc-q35-4.2", MachineFamily.Q35), (d.Name, d.DomainType, d.Machine, d.MachineFamily));
        Assert.Equal(FirmwareKind.Uefi, d.Firmware);
        Assert.Equal("/usr/share/OVMF/OVMF_CODE.fd", d.LoaderPath);
        Assert.False(d.SecureBoot);
        Assert.Equal(7, d.PciHostdevs.Count);
        Assert.All(d.PciHostdevs, h => Assert.False(h.Managed));
        Assert.Equal("/usr/share/vgabios/patched-firmware.rom", Hostdev(d, "0000:0b:00.0").RomFile);
        Assert.Null(Hostdev(d, "0000:0b:00.1").RomFile);
        Assert.Equal(new HypervVendorId { On = true, Value = "123456789ab" }, d.VendorId);
        Assert.True(d.KvmHidden);
        Assert.Null(d.Tpm);
        Assert.False(d.IsLive);
    }

    [Fact]
    public void OzzyHelixWinGvr_SecbootLoaderWithoutFirmwareAttribute_TpmPassthroughGtx1060AndUsb()
    {
        // "q35-5.0, OVMF secboot loader (no firmware= attr), TPM passthrough (/dev/tpm0), GTX 1060 (12:00.0/.1) + Renesas USB (23:00.0), vendor_id"
        var d = Read("OzzyHelix-win-gvr-lookingglass-tpm-passthrough.xml");
        Assert.Equal((MachineFamily.Q35, FirmwareKind.Uefi), (d.MachineFamily, d.Firmware));
        Assert.Contains("OVMF loader", d.FirmwareEvidence, StringComparison.Ordinal);
        Assert.True(d.SecureBoot);
        Assert.Equal([A("0000:23:00.0"), A("0000:12:00.0"), A("0000:12:00.1")], d.PciHostdevs.Select(h => h.Source));
        Assert.Equal(new TpmDevice { Model = "tpm-tis", Backend = "passthrough", DevicePath = "/dev/tpm0" }, d.Tpm);
        Assert.Equal(new HypervVendorId { On = true, Value = "NVIDIA!" }, d.VendorId);
        Assert.Null(d.KvmHidden); // an empty <kvm> element: nothing hidden
    }

    [Fact]
    public void OzzyHelix2025_FirmwareEfiWithSecureBootFeature_Rtx2070SuperFourFunctionsEachOnItsOwnRootPort()
    {
        // "<os firmware="efi"> with <firmware> features (secure-boot on, enrolled-keys off) ..., q35-10.1; RTX 2070 SUPER all 4 functions (05:00.0–.3) each on its own root port + USB 14:00.0; TPM passthrough; vendor_id + hidden"
        var d = Read("OzzyHelix-win-gvr-2025-firmware-efi-rtx2070s.xml");
        Assert.Equal(("pc-q35-10.1", FirmwareKind.Uefi, "<os firmware='efi'>"), (d.Machine, d.Firmware, d.FirmwareEvidence));
        Assert.True(d.SecureBoot);
        var gpu = d.PciHostdevs.Where(h => h.Source.SlotAddress == A("0000:05:00.0")).ToList();
        Assert.Equal(4, gpu.Count);
        Assert.Equal(4, gpu.Select(h => h.GuestAddress!.Address.Bus).Distinct().Count());
        Assert.All(gpu, h => Assert.Equal(0, h.GuestAddress!.Address.Slot));
        Hostdev(d, "0000:14:00.0");
        Assert.Equal("passthrough", d.Tpm?.Backend);
        Assert.Equal((true, "NVIDIA!", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void Phanen_Rtx2060FourFunctionsOnOneGuestMultifunctionSlot()
    {
        // "RTX 2060, 4 functions placed as one guest multifunction device (guest bus 0x01, functions 0–3, multifunction='on'); <os firmware='efi'> + secboot; TPM passthrough; vendor_id + hidden"
        var d = Read("phanen-laptop-rtx2060-multifunction-kvmfr.xml");
        Assert.Equal(FirmwareKind.Uefi, d.Firmware);
        Assert.True(d.SecureBoot);
        Assert.Equal(4, d.PciHostdevs.Count);
        for (var f = 0; f < 4; f++)
        {
            var guest = Hostdev(d, $"0000:01:00.{f}").GuestAddress!;
            Assert.Equal(new PciAddress(0, 1, 0, f), guest.Address);
            Assert.Equal(f == 0, guest.Multifunction);
        }
        Assert.Equal("passthrough", d.Tpm?.Backend);
        Assert.Equal((true, "1234567890ab", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void Stele95_SingleAmdGpuBothFunctionsWithRom_SwtpmTis()
    {
        // "09:00.0/.1 both with <rom file=".../gpu.rom">; swtpm (tpm-tis, backend emulator 2.0); OVMF_CODE.secboot.fd loader (no firmware= attr); q35-7.2; vendor_id + hidden"
        var d = Read("stele95-win11-single-amd-gpu-rom-swtpm.xml");
        Assert.Equal(("pc-q35-7.2", FirmwareKind.Uefi), (d.Machine, d.Firmware));
        Assert.True(d.SecureBoot);
        Assert.Equal("/var/lib/libvirt/vbios/gpu.rom", Hostdev(d, "0000:09:00.0").RomFile);
        Assert.Equal("/var/lib/libvirt/vbios/gpu.rom", Hostdev(d, "0000:09:00.1").RomFile);
        Assert.Equal(new TpmDevice { Model = "tpm-tis", Backend = "emulator", Version = "2.0" }, d.Tpm);
        Assert.Equal((true, "Asus", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void Snekutaren_Rx9070XtRomBarOff_TpmCrbEmulator()
    {
        // "RX 9070 XT (03:00.0/.1) with <rom bar="off" file=…>; tpm-crb emulator; <os firmware="efi"> + nix-ovmf secure code; vendor_id + hidden; q35-10.1"
        var d = Read("Snekutaren-win11-rx9070xt-rom-tpm-crb.xml");
        Assert.Equal(("pc-q35-10.1", FirmwareKind.Uefi), (d.Machine, d.Firmware));
        var vga = Hostdev(d, "0000:03:00.0");
        Assert.Equal(("/home/owdious/rx9070xt.rom", "off"), (vga.RomFile, vga.RomBar));
        Hostdev(d, "0000:03:00.1");
        Assert.Equal(("tpm-crb", "emulator", "2.0"), (d.Tpm?.Model, d.Tpm?.Backend, d.Tpm?.Version));
        Assert.Equal((true, "myv3nd0r1d", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void Foxleigh81Unraid_I440fxWithOvmf_Gtx980TiRomVendorIdNoneNoHidden()
    {
        // "NOT q35: pc-i440fx-2.7 + OVMF; GTX 980 Ti with <rom file> + audio, onboard audio 00:1b.0 and another PCI device passed; vendor_id 'none', no kvm hidden"
        var d = Read("foxleigh81-unraid-win10-i440fx-gtx980ti-rom.xml");
        Assert.Equal(("Starbuck", "pc-i440fx-2.7", MachineFamily.I440fx, FirmwareKind.Uefi), (d.Name, d.Machine, d.MachineFamily, d.Firmware));
        Assert.Equal("/mnt/user/vmreqs/all/MSI.GTX980Ti.1000.rom", Hostdev(d, "0000:01:00.0").RomFile);
        Assert.Equal([A("0000:01:00.0"), A("0000:01:00.1"), A("0000:00:1b.0"), A("0000:08:00.0")], d.PciHostdevs.Select(h => h.Source));
        Assert.Equal(new HypervVendorId { On = true, Value = "none" }, d.VendorId);
        Assert.Null(d.KvmHidden);
    }

    [Fact]
    public void Ohthehugemanatee_Q35WithoutLoaderIsSeaBios_OnlyUsbControllerHostdev()
    {
        // "NO GPU: q35-5.2 with no loader (SeaBIOS, not UEFI); only PCI hostdev is the USB controller 00:14.0; tpm-crb passthrough" (the file starts with a comment)
        var d = Read("ohthehugemanatee-win10-q35-seabios-usb-only.xml");
        Assert.Equal((MachineFamily.Q35, FirmwareKind.Bios, false), (d.MachineFamily, d.Firmware, d.SecureBoot));
        Assert.Null(d.LoaderPath);
        Assert.Equal(A("0000:00:14.0"), Assert.Single(d.PciHostdevs).Source);
        Assert.Equal(("tpm-crb", "passthrough"), (d.Tpm?.Model, d.Tpm?.Backend));
        Assert.Null(d.VendorId);
    }

    [Fact]
    public void MapManagement_Q35Ovmf_Rx6950XtTwoFunctions_VendorIdAndHidden()
    {
        // "q35-5.0 + OVMF; RX 6950 XT 08:00.0/.1; two ivshmem <shmem> devices; vendor_id + hidden" (double quotes throughout)
        var d = Read("MapManagement-win10-scream-lookingglass-shmem.xml");
        Assert.Equal(("win10-ow", "pc-q35-5.0", FirmwareKind.Uefi), (d.Name, d.Machine, d.Firmware));
        Assert.Equal([A("0000:08:00.0"), A("0000:08:00.1")], d.PciHostdevs.Select(h => h.Source));
        Assert.Equal((true, "whatever", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void Bastiantkt_LiveDumpxml_Rtx3060MobileRomBarOn_NoVendorIdNoHiddenNoTpm()
    {
        // "Live virsh dumpxml of a running VM (<domain … id='2'>, <alias> elements); RTX 3060 Mobile 01:00.0/.1 with <rom bar='on'/>; <os firmware='efi'> + secboot loader; no vendor_id/hidden, no TPM"
        var d = Read("Bastiantkt-laptop-muxless-win11-live-dumpxml.xml");
        Assert.True(d.IsLive);
        Assert.Equal((FirmwareKind.Uefi, true), (d.Firmware, d.SecureBoot));
        Assert.Equal([A("0000:01:00.0"), A("0000:01:00.1")], d.PciHostdevs.Select(h => h.Source));
        Assert.All(d.PciHostdevs, h => Assert.Equal(("on", null), (h.RomBar, h.RomFile)));
        Assert.Null(d.VendorId);
        Assert.Null(d.KvmHidden);
        Assert.Null(d.Tpm);
    }

    [Fact]
    public void CappyT_FourFunctionsEachOnASeparateGuestBusWithoutMultifunction()
    {
        // "NVIDIA dGPU 4 functions (01:00.0–.3) each on a separate guest bus (no multifunction); OVMF; vendor_id + hidden"
        var d = Read("CappyT-g14-laptop-win10-4func-ssdt-lookingglass.xml");
        Assert.Equal(FirmwareKind.Uefi, d.Firmware);
        Assert.Equal(4, d.PciHostdevs.Count);
        Assert.Equal(4, d.PciHostdevs.Select(h => h.GuestAddress!.Address.Bus).Distinct().Count());
        Assert.All(d.PciHostdevs, h => Assert.False(h.GuestAddress!.Multifunction));
        Assert.Equal((true, "087D1028", true), (d.VendorId!.On, d.VendorId.Value, d.KvmHidden));
    }

    [Fact]
    public void XSeed_NvidiaVgpuMdevIsNotAPciHostdev()
    {
        // "NVIDIA vGPU mediated device (<hostdev type='mdev' model='vfio-pci'>, uuid source), no physical PCI GPU hostdev; q35-4.2 + OVMF"
        var d = Read("X-Seed-win10-nvidia-vgpu-mdev-hostdev.xml");
        Assert.Empty(d.PciHostdevs);
        var mdev = Assert.Single(d.MediatedHostdevs);
        Assert.Equal(("d7ef5de6-4b4b-4984-8fbd-5f1e2a309aa2", "vfio-pci"), (mdev.Uuid, mdev.Model));
        Assert.Equal(("pc-q35-4.2", FirmwareKind.Uefi), (d.Machine, d.Firmware));
    }

    [Fact]
    public void LK4D4_PlainFedoraOnPcMachine_IsI440fxBiosWithoutHostdevs()
    {
        // "Negative case: plain Fedora Linux guest, machine pc (i440fx), direct kernel boot; no hostdev, no OVMF"
        var d = Read("LK4D4-fedora-plain-linux-kernel-boot.xml");
        Assert.Equal(("Fedora", "pc", MachineFamily.I440fx, FirmwareKind.Bios), (d.Name, d.Machine, d.MachineFamily, d.Firmware));
        Assert.Empty(d.PciHostdevs);
        Assert.Empty(d.MediatedHostdevs);
        Assert.Null(d.VendorId);
    }

    [Fact]
    public void Corpus_EveryDomainXml_IsCoveredByATest()
    {
        var covered = new[]
        {
            "joe-p-win10-1080ti-rom-hidden.xml", "OzzyHelix-win-gvr-lookingglass-tpm-passthrough.xml", "OzzyHelix-win-gvr-2025-firmware-efi-rtx2070s.xml",
            "phanen-laptop-rtx2060-multifunction-kvmfr.xml", "stele95-win11-single-amd-gpu-rom-swtpm.xml", "Snekutaren-win11-rx9070xt-rom-tpm-crb.xml",
            "foxleigh81-unraid-win10-i440fx-gtx980ti-rom.xml", "ohthehugemanatee-win10-q35-seabios-usb-only.xml", "MapManagement-win10-scream-lookingglass-shmem.xml",
            "Bastiantkt-laptop-muxless-win11-live-dumpxml.xml", "CappyT-g14-laptop-win10-4func-ssdt-lookingglass.xml", "X-Seed-win10-nvidia-vgpu-mdev-hostdev.xml",
            "LK4D4-fedora-plain-linux-kernel-boot.xml",
        };
        RepositoryPaths.RequireCorpus("libvirt");
        Assert.Equal(covered.Order(StringComparer.Ordinal), RepositoryPaths.CorpusFileNames("libvirt"));
    }

    [Theory]
    [InlineData("<domain type='kvm'><name>x</name><os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type></os><devices><hostdev mode='subsystem' type='pci'><source><address domain='0' bus='10' slot='31' function='7'/></source></hostdev></devices></domain>", "0000:0a:1f.7")]
    [InlineData("<domain type='kvm'><name>x</name><os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type></os><devices><hostdev mode='subsystem' type='pci'><source><address bus='0x0A' slot='0x1F' function='0x7'/></source></hostdev></devices></domain>", "0000:0a:1f.7")]
    public void Parse_HostdevNumbers_ReadsHexAndDecimalAsLibvirtDoes(string xml, string expected) =>
        Assert.Equal(A(expected), Assert.Single(DomainDefinition.Parse(xml).PciHostdevs).Source);

    [Theory]
    [InlineData("<domain", "not well-formed")]
    [InlineData("<network><name>x</name></network>", "root element is <network>")]
    [InlineData("<domain type='kvm'/>", "no <name>")]
    public void TryParse_NotADomain_SaysWhy(string xml, string reason)
    {
        Assert.False(DomainDefinition.TryParse(xml, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
