using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

/// <summary>The rules of the verdict, on devices made in memory (the corpus tests run them on real listings).</summary>
public sealed class GpuAssessorTests
{
    private static readonly CpuInfo IntelHost = new() { Vendor = CpuVendor.Intel, Model = "i5", Virtualization = true, Hypervisor = false };

    private static PciDevice Device(string address, string vendorDevice, string classCode, int? group, string? driver = null, bool? bootVga = null, IReadOnlyList<string>? reset = null) => new()
    {
        Address = PciAddress.Parse(address),
        VendorId = vendorDevice[..4],
        DeviceId = vendorDevice[5..],
        ClassCode = classCode,
        ClassName = PciClass.Describe(classCode),
        IommuGroup = group,
        Driver = driver,
        BootVga = bootVga,
        ResetMethods = reset,
    };

    private static IReadOnlyList<GpuAssessment> Assess(IReadOnlyList<PciDevice> devices, CpuInfo? cpu = null)
    {
        var groups = devices.Where(d => d.IommuGroup is not null).GroupBy(d => d.IommuGroup!.Value)
            .Select(g => new IommuGroup(g.Key, g.Select(d => d.Address).Order().ToList())).ToList();
        var iommu = new IommuStatus
        {
            Enabled = groups.Count > 0, GroupCount = groups.Count, Units = [], FirmwareTable = FirmwareIommuTable.Dmar,
            KernelParameters = [], Explanation = "The IOMMU is off.",
        };
        return GpuAssessor.Assess(devices, groups, cpu ?? IntelHost, iommu);
    }

    /// <summary>The guide's workstation: RX 6750 XT on the host behind a switch, RX 6600 for the guest; both audio functions are 1002:ab28.</summary>
    private static List<PciDevice> GuideWorkstation() =>
    [
        Device("0000:00:00.0", "8086:9b33", "0600", 0),
        Device("0000:00:01.0", "8086:1901", "0604", 1, "pcieport"),
        Device("0000:01:00.0", "1002:1478", "0604", 1, "pcieport"),
        Device("0000:02:00.0", "1002:1479", "0604", 1, "pcieport"),
        Device("0000:03:00.0", "1002:73df", "0300", 1, "amdgpu", bootVga: true),
        Device("0000:03:00.1", "1002:ab28", "0403", 1, "snd_hda_intel"),
        Device("0000:07:00.0", "1002:73ff", "0300", 18, "amdgpu", bootVga: false),
        Device("0000:07:00.1", "1002:ab28", "0403", 19, "snd_hda_intel"),
    ];

    [Fact]
    public void Assess_GuideGuestCard_IsReadyWithBothFunctionsAndTheAudioCollision()
    {
        var gpu = Assess(GuideWorkstation()).Single(g => g.Address == PciAddress.Parse("0000:07:00.0"));

        Assert.Equal(GpuVerdict.Ready, gpu.Verdict);
        Assert.Equal([PciAddress.Parse("0000:07:00.0"), PciAddress.Parse("0000:07:00.1")], gpu.Functions);
        Assert.Equal([18, 19], gpu.Groups);
        Assert.Equal([PciAddress.Parse("0000:03:00.1")], gpu.IdCollisions);
        Assert.Contains(gpu.Notes, n => n.Contains("vfio-pci ids=1002:ab28", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_GuideHostCard_IsReadyBecauseOnlyBridgesShareItsGroup()
    {
        var gpu = Assess(GuideWorkstation()).Single(g => g.Address == PciAddress.Parse("0000:03:00.0"));

        Assert.Equal(GpuVerdict.Ready, gpu.Verdict);
        Assert.Equal([1], gpu.Groups);
        Assert.Empty(gpu.GroupMates);
        Assert.Equal([PciAddress.Parse("0000:07:00.1")], gpu.IdCollisions);
        Assert.True(gpu.IsBootVga);
        Assert.Contains(gpu.Notes, n => n.Contains("boot_vga=1", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_UsbControllerInTheGroup_IsSharedGroupAndNamesIt()
    {
        var devices = new List<PciDevice>
        {
            Device("0000:00:01.0", "1022:1483", "0604", 15, "pcieport"),
            Device("0000:05:00.0", "10de:1401", "0300", 15, "nouveau"),
            Device("0000:05:00.1", "10de:0fba", "0403", 15),
            Device("0000:06:00.0", "1022:149c", "0c03", 15, "xhci_hcd"),
            Device("0000:07:00.0", "10ec:8168", "0200", 15, "r8169"),
        };

        var gpu = Assess(devices).Single();

        Assert.Equal(GpuVerdict.SharedGroup, gpu.Verdict);
        Assert.Equal([PciAddress.Parse("0000:06:00.0"), PciAddress.Parse("0000:07:00.0")], gpu.GroupMates);
        Assert.Contains(gpu.Reasons, r => r.StartsWith("0000:06:00.0 (USB controller", StringComparison.Ordinal));
        Assert.Contains(gpu.Reasons, r => r.Contains("ACS override", StringComparison.Ordinal));
        Assert.Contains(gpu.Notes, n => n.Contains("network controller", StringComparison.Ordinal));
        Assert.Contains(gpu.Notes, n => n.Contains("only graphics device", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_NoGroups_IsBlocked()
    {
        var devices = new List<PciDevice> { Device("0000:01:00.0", "10de:1b80", "0300", null, "nvidia") };

        var gpu = Assess(devices).Single();

        Assert.Equal(GpuVerdict.Blocked, gpu.Verdict);
        Assert.Contains(gpu.Reasons, r => r.Contains("no IOMMU groups", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_NoHardwareVirtualization_IsBlockedEvenWithGroups()
    {
        var cpu = IntelHost with { Virtualization = false };

        var gpu = Assess([Device("0000:01:00.0", "10de:1b80", "0300", 3)], cpu).Single();

        Assert.Equal(GpuVerdict.Blocked, gpu.Verdict);
        Assert.Contains(gpu.Reasons, r => r.Contains("does not report VT-x (vmx)", StringComparison.Ordinal) && r.Contains("firmware setup", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_Navi10WithEmptyResetMethod_NotesVendorResetAndTheMissingReset()
    {
        var gpu = Assess([Device("0000:0c:00.0", "1002:731f", "0300", 20, "amdgpu", reset: [])]).Single();

        Assert.Contains(gpu.Notes, n => n.Contains("Navi 10", StringComparison.Ordinal) && n.Contains("vendor-reset", StringComparison.Ordinal));
        Assert.Contains(gpu.Notes, n => n.Contains("reset_method is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_FourFunctionTuringCard_KeepsUsbAndUcsiAsItsOwnFunctions()
    {
        var devices = new List<PciDevice>
        {
            Device("0000:05:00.0", "10de:1e84", "0300", 16),
            Device("0000:05:00.1", "10de:10f8", "0403", 16),
            Device("0000:05:00.2", "10de:1ad8", "0c03", 16),
            Device("0000:05:00.3", "10de:1ad9", "0c80", 16),
            Device("0000:00:02.0", "8086:3e92", "0300", 0, "i915", bootVga: true),
        };

        var gpu = Assess(devices).Single(g => g.Address == PciAddress.Parse("0000:05:00.0"));

        Assert.Equal(GpuVerdict.Ready, gpu.Verdict);
        Assert.Equal(4, gpu.Functions.Count);
        Assert.DoesNotContain(gpu.Notes, n => n.Contains("only graphics device", StringComparison.Ordinal));
    }
}
