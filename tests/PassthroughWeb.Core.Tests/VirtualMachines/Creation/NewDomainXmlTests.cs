using System.Xml.Linq;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>The XML of a new VM, checked against libvirt's schema by virt-xml-validate where no daemon is needed.</summary>
public sealed class NewDomainXmlTests
{
    private static readonly OvmfFirmware SecureBoot = new()
    {
        CodePath = "/usr/share/OVMF/OVMF_CODE_4M.ms.fd", VarsTemplatePath = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd",
        SecureBoot = true, EnrolledKeys = true, RequiresSmm = true, Source = "test",
    };

    private static VmBlueprint Blueprint(params PciAddress[] functions) => new()
    {
        Name = "win11",
        Windows = WindowsVersion.Windows11,
        DomainType = "kvm",
        VirtualCpus = 6,
        ThreadsPerCore = 2,
        MemoryBytes = 8L << 30,
        Firmware = SecureBoot,
        Tpm = true,
        DiskPath = "/var/lib/libvirt/images/win11.qcow2",
        DiskBus = "virtio",
        InstallIsoPath = "/srv/isos/win11.iso",
        Network = VmNetwork.DefaultNat,
        NetworkModel = "virtio",
        GpuFunctions = functions,
        HideHypervisor = true,
    };

    [Fact]
    public async Task Write_KvmHost_HostPassthroughCpuAndValidXml()
    {
        var xml = NewDomainXml.Write(Blueprint(new PciAddress(0, 0x0b, 0, 0), new PciAddress(0, 0x0b, 0, 1)));

        await VmCreationPlannerLibvirtTests.Validate(xml);
        var domain = XDocument.Parse(xml).Root!;
        Assert.Equal("kvm", (string?)domain.Attribute("type"));
        var cpu = domain.Element("cpu")!;
        Assert.Equal("host-passthrough", (string?)cpu.Attribute("mode"));
        Assert.Equal(("3", "2"), ((string?)cpu.Element("topology")!.Attribute("cores"), (string?)cpu.Element("topology")!.Attribute("threads")));
        // The enlightenments virt-manager sets for Windows on KVM, with the vendor_id the guide adds.
        Assert.Equal(["relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "vendor_id", "frequencies", "tlbflush", "ipi"],
            domain.Element("features")!.Element("hyperv")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("randomid", (string?)domain.Element("features")!.Element("hyperv")!.Element("vendor_id")!.Attribute("value"));
    }

    [Fact]
    public async Task Write_SingleFunctionCard_NoMultifunction()
    {
        var xml = NewDomainXml.Write(Blueprint(new PciAddress(0, 0x65, 0, 0)));

        await VmCreationPlannerLibvirtTests.Validate(xml);
        var guest = Assert.Single(XDocument.Parse(xml).Root!.Element("devices")!.Elements("hostdev")).Element("address")!;
        Assert.Null(guest.Attribute("multifunction"));
        Assert.Equal("0x0", (string?)guest.Attribute("function"));
    }

    [Fact]
    public void Write_CardWithoutFunctionZero_GuestFunctionsStartAtZero()
    {
        // A guest only looks for a device at function 0 of a slot; the host's .1 and .2 become .0 and .1.
        var xml = NewDomainXml.Write(Blueprint(new PciAddress(0, 0x0a, 0, 2), new PciAddress(0, 0x0a, 0, 1)));

        var hostdevs = XDocument.Parse(xml).Root!.Element("devices")!.Elements("hostdev").ToList();
        Assert.Equal(["0x1", "0x2"], hostdevs.Select(h => (string?)h.Element("source")!.Element("address")!.Attribute("function")));
        Assert.Equal(["0x0", "0x1"], hostdevs.Select(h => (string?)h.Element("address")!.Attribute("function")));
        Assert.Equal("on", (string?)hostdevs[0].Element("address")!.Attribute("multifunction"));
    }

    [Fact]
    public void Write_NameWithMarkup_EscapedNotInjected()
    {
        var xml = NewDomainXml.Write(Blueprint() with { Name = "a</name><evil/>&b" });

        var domain = XDocument.Parse(xml).Root!;
        Assert.Equal("a</name><evil/>&b", domain.Element("name")!.Value);
        Assert.Empty(domain.Descendants("evil"));
    }
}
