using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class EvidenceParserTests
{
    // A guest's console as the evidence script writes it, with the kernel's own lines around and inside it.
    private const string Console = """
        Loading, please wait...
        Starting systemd-udevd version 252.39-1~deb12u1
        [    5.012345] random: crng init done
        PWEVIDENCE begin initramfs-tools
        PWEVIDENCE cmdline console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt
        PWEVIDENCE device address=0000:00:03.0 id=0x1234:0x1111 class=0x030000 driver=bochs-drm group=1 override=(null)
        PWEVIDENCE device address=0000:00:04.0 id=0x1234:0x1111 class=0x030000 driver=vfio-pci group=2 override=vfio-pci
        PWEVIDENCE groups 6
        PWEVIDENCE modules bochs drm_vram_helper vfio_pci vfio_pci_core irqbypass vfio_virqfd vfio_iommu_type1 vfio
        PWEVIDENCE udevd-start 531
        PWEVIDENCE kmsg [    1.505436] DMAR: Intel(R) Virtualization Technology for Directed I/O
        PWEVIDENCE kmsg [    4.770367] vfio-bind: 0000:00:04.0: driver_override is vfio-pci, probed
        [    7.100000] some kernel line PWEVIDENCE kmsg [    6.866708] [drm] Initialized bochs-drm 1.0.0 20130925 for 0000:00:03.0 on minor 0
        PWEVIDENCE end
        [   13.942192] reboot: Power down
        """;

    [Fact]
    public void Parse_WholeEvidence_ReadsEveryFact()
    {
        var evidence = EvidenceParser.Parse(Console);

        Assert.True(evidence.Began);
        Assert.True(evidence.Ended);
        Assert.Equal("initramfs-tools", evidence.System);
        Assert.Equal("console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt", evidence.CommandLine);
        Assert.Equal(6, evidence.IommuGroups);
        Assert.Equal(5.31, evidence.UdevStartedAt!.Value, precision: 6);
        Assert.Contains("vfio_iommu_type1", evidence.Modules);
        Assert.Equal(8, evidence.Modules.Count);
        var card = Assert.Single(evidence.Devices, d => d.Address == new PciAddress(0, 0, 4, 0));
        Assert.Equal(("1234", "1111", "0x030000", "vfio-pci", 2, "vfio-pci"), (card.VendorId, card.DeviceId, card.Class, card.Driver, card.IommuGroup, card.DriverOverride));
        var other = Assert.Single(evidence.Devices, d => d.Address == new PciAddress(0, 0, 3, 0));
        Assert.Equal(("bochs-drm", (string?)null), (other.Driver, other.DriverOverride));
        var binding = Assert.Single(evidence.BindingMessages);
        Assert.Equal(new KernelMessage(4.770367, "vfio-bind: 0000:00:04.0: driver_override is vfio-pci, probed"), binding);
        // A marker after a kernel line's text on the same console line is still found.
        Assert.Contains(evidence.KernelMessages, m => m.Text.StartsWith("[drm] Initialized bochs-drm", StringComparison.Ordinal) && m.Seconds == 6.866708);
    }

    [Fact]
    public void Parse_ConsoleWithoutEvidence_SaysTheScriptNeverBegan()
    {
        var evidence = EvidenceParser.Parse("Loading, please wait...\n[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs\n");

        Assert.False(evidence.Began);
        Assert.False(evidence.Ended);
        Assert.Empty(evidence.Devices);
        Assert.Null(evidence.IommuGroups);
    }

    [Fact]
    public void Parse_CutOffAfterTheFirstDevice_KeepsWhatCameAndIsNotEnded()
    {
        var evidence = EvidenceParser.Parse(Console[..Console.IndexOf("PWEVIDENCE device address=0000:00:04.0", StringComparison.Ordinal)] + "PWEVIDENCE device address=0000:00:0");

        Assert.True(evidence.Began);
        Assert.False(evidence.Ended);
        Assert.Single(evidence.Devices);
    }

    [Theory]
    [InlineData("address=0000:00:04.0 class=0x030000")]
    [InlineData("address=nonsense id=0x1234:0x1111")]
    [InlineData("id=0x1234:0x1111 driver=vfio-pci")]
    [InlineData("address=0000:00:04.0 id=0x1234")]
    public void ParseDevice_DamagedLine_IsSkipped(string line) => Assert.Null(EvidenceParser.ParseDevice(line));

    [Fact]
    public void ParseDevice_NoDriverNoGroupNoOverride_AreNull()
    {
        var device = EvidenceParser.ParseDevice("address=0000:00:04.0 id=0x1234:0x1111 class=0x030000 driver=none group=none override=(null)");

        Assert.NotNull(device);
        Assert.Null(device.Driver);
        Assert.Null(device.IommuGroup);
        Assert.Null(device.DriverOverride);
    }
}
