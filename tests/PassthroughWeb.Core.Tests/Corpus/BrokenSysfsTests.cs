using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// The guide's workstation written as a host, then broken the ways real sysfs breaks (a half-removed device,
/// a driver module unloaded under its link, an IOMMU that dropped a device). The scan must go on and say what is wrong.
/// </summary>
public sealed class BrokenSysfsTests : IDisposable
{
    private const string HostGpu = "sys/devices/pci0000:00/0000:03:00.0";
    private const string GuestAudio = "sys/devices/pci0000:00/0000:07:00.1";
    private readonly TemporaryHostRoot _host = new();

    public BrokenSysfsTests() => SampleWorkstation.Build(_host.Path);

    public void Dispose() => _host.Dispose();

    private ScanReport Scan() => new HostScanner(TimeProvider.System).Scan(_host.Root);

    private static PciDevice Device(ScanReport report, string address) => report.FindDevice(PciAddress.Parse(address))!;

    [Fact]
    public void Scan_IntactTree_HasNoDeviceProblems()
    {
        var report = Scan();

        Assert.Equal(8, report.Devices.Count);
        Assert.All(report.Devices, d => Assert.Empty(d.Problems));
    }

    [Fact]
    public void Scan_ClassFileMissing_TakesTheClassFromConfigSpaceAndSaysSo()
    {
        File.Delete(_host.Combine(HostGpu + "/class"));

        var device = Device(Scan(), "03:00.0");

        Assert.Equal("0300", device.ClassCode);
        Assert.Contains(device.Problems, p => p.Contains("'class' file is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_GarbageInClass_NamesTheGarbage()
    {
        File.WriteAllText(_host.Combine(HostGpu + "/class"), "banana\n");

        var device = Device(Scan(), "03:00.0");

        Assert.Equal("0300", device.ClassCode);
        Assert.Contains(device.Problems, p => p.Contains("'banana'", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_GarbageInClassAndNoConfigSpace_MarksTheClassUnknown()
    {
        File.WriteAllText(_host.Combine(HostGpu + "/class"), "0x03zz00\n");
        File.Delete(_host.Combine(HostGpu + "/config"));

        var report = Scan();
        var device = Device(report, "03:00.0");

        Assert.Equal("ff00", device.ClassCode);
        Assert.Contains(device.Problems, p => p.Contains("unknown", StringComparison.Ordinal));
        // Without its display class the slot is no longer a GPU; the other card is still judged.
        Assert.Equal([PciAddress.Parse("07:00.0")], report.Gpus.Select(g => g.Address));
    }

    [Fact]
    public void Scan_IdFilesAndConfigMissing_SaysTheIdsCouldNotBeRead()
    {
        File.Delete(_host.Combine(GuestAudio + "/vendor"));
        File.Delete(_host.Combine(GuestAudio + "/device"));
        File.Delete(_host.Combine(GuestAudio + "/config"));

        var device = Device(Scan(), "07:00.1");

        Assert.Contains(device.Problems, p => p.Contains("vendor ID could not be read", StringComparison.Ordinal));
        Assert.Contains(device.Problems, p => p.Contains("device ID could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_DriverDirectoryGone_ReportsTheDanglingDriverLink()
    {
        Directory.Delete(_host.Combine("sys/bus/pci/drivers/amdgpu"), recursive: true);

        var report = Scan();
        var device = Device(report, "03:00.0");

        Assert.Null(device.Driver);
        Assert.Contains(device.Problems, p => p.Contains("dangling", StringComparison.Ordinal) && p.Contains("amdgpu", StringComparison.Ordinal));
        Assert.Contains(report.Gpus[0].Notes, n => n.Contains("dangling", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_FunctionInNoGroup_BlocksItsCardAndWarns()
    {
        File.Delete(_host.Combine(GuestAudio + "/iommu_group"));
        File.Delete(_host.Combine("sys/kernel/iommu_groups/19/devices/0000:07:00.1"));

        var report = Scan();
        var guest = report.Gpus.Single(g => g.Address == PciAddress.Parse("07:00.0"));

        Assert.Null(Device(report, "07:00.1").IommuGroup);
        Assert.Equal(GpuVerdict.Blocked, guest.Verdict);
        Assert.Contains(guest.Reasons, r => r.Contains("0000:07:00.1 is in no IOMMU group", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("0000:07:00.1 is in no IOMMU group", StringComparison.Ordinal));
        Assert.Equal(GpuVerdict.Ready, report.Gpus.Single(g => g.Address == PciAddress.Parse("03:00.0")).Verdict);
    }

    [Fact]
    public void Scan_GroupLinkMissingButGroupListsTheDevice_TakesTheGroupAndSaysSo()
    {
        File.Delete(_host.Combine(GuestAudio + "/iommu_group"));

        var device = Device(Scan(), "07:00.1");

        Assert.Equal(19, device.IommuGroup);
        Assert.Contains(device.Problems, p => p.Contains("no iommu_group link", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_GroupLinkToAMissingGroup_ReportsTheDanglingLink()
    {
        File.Delete(_host.Combine(GuestAudio + "/iommu_group"));
        Directory.CreateSymbolicLink(_host.Combine(GuestAudio + "/iommu_group"), "../../../kernel/iommu_groups/77");

        var device = Device(Scan(), "07:00.1");

        Assert.Contains(device.Problems, p => p.Contains("IOMMU group link points to '77'", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_GroupWithNoDevices_Warns()
    {
        Directory.CreateDirectory(_host.Combine("sys/kernel/iommu_groups/42/devices"));

        var report = Scan();

        Assert.Contains(report.Warnings, w => w.Contains("IOMMU group 42 has no devices", StringComparison.Ordinal));
        Assert.Equal([GpuVerdict.Ready, GpuVerdict.Ready], report.Gpus.Select(g => g.Verdict));
    }

    [Fact]
    public void Scan_DeviceEntryPointingNowhere_ReportsAnUnreadableDevice()
    {
        Directory.Delete(_host.Combine(GuestAudio), recursive: true);

        var report = Scan();
        var device = Device(report, "07:00.1");

        Assert.Contains(device.Problems, p => p.Contains("dangling", StringComparison.Ordinal));
        Assert.Equal(8, report.Devices.Count);
    }

    [Fact]
    public void Scan_BootVgaGarbage_NamesTheFile()
    {
        File.WriteAllText(_host.Combine(HostGpu + "/boot_vga"), "yes\n");

        var device = Device(Scan(), "03:00.0");

        Assert.Null(device.BootVga);
        Assert.Contains(device.Problems, p => p.Contains("boot_vga", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_NonAddressEntryInDevices_IsSkippedWithAWarning()
    {
        File.WriteAllText(_host.Combine("sys/bus/pci/devices/not-a-device"), "");

        var report = Scan();

        Assert.Contains(report.Warnings, w => w.Contains("'not-a-device'", StringComparison.Ordinal));
        Assert.Equal(8, report.Devices.Count);
    }

    [Fact]
    public void Scan_NoSysAndNoProc_WarnsAndBlocksNothingThatIsNotThere()
    {
        Directory.Delete(_host.Combine("sys"), recursive: true);
        Directory.Delete(_host.Combine("proc"), recursive: true);

        var report = Scan();

        Assert.Empty(report.Devices);
        Assert.Empty(report.Gpus);
        Assert.False(report.Iommu.Enabled);
        Assert.Contains(report.Warnings, w => w.Contains("sys/bus/pci/devices does not exist", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("proc/cpuinfo", StringComparison.Ordinal));
    }
}
