using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class ProfileComparisonTests
{
    private static readonly PciAddress GuestGpu = PciAddress.Parse("0000:07:00.0");

    [Fact]
    public void Compare_SameReport_NoChanges()
    {
        var report = ProfileComparisonReports.Workstation();

        var comparison = ProfileComparison.Compare(report, report with { ScannedAt = report.ScannedAt.AddHours(1) });

        Assert.False(comparison.HasChanges);
        Assert.Empty(comparison.Changes);
    }

    [Fact]
    public void Compare_DeviceAddedAndRemoved_ReportsBothWithIds()
    {
        var before = ProfileComparisonReports.Workstation();
        var devices = before.Devices.Where(d => d.Address.ToString() != "0000:00:1f.0").ToList();
        devices.Add(ProfileComparisonReports.Device("0000:05:00.0", "1b21:2142", "0c03", "ASM2142 USB 3.1 Host Controller", "xhci_hcd", 15));
        var after = ProfileComparisonReports.Workstation(devices);

        var changes = ProfileComparison.Compare(before, after).Changes;

        var removed = Assert.Single(changes, c => c.Kind == ProfileChangeKind.DeviceRemoved);
        Assert.Equal(PciAddress.Parse("0000:00:1f.0"), removed.Address);
        Assert.Equal("8086:0685", removed.Before);
        Assert.Null(removed.After);
        var added = Assert.Single(changes, c => c.Kind == ProfileChangeKind.DeviceAdded);
        Assert.Equal(PciAddress.Parse("0000:05:00.0"), added.Address);
        Assert.Equal("1b21:2142", added.After);
        Assert.Contains("ASM2142", added.Description, StringComparison.Ordinal);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Compare_OtherCardInSameSlot_ReportsIdChangeOnlyNotGroupOrDriver()
    {
        var before = ProfileComparisonReports.Workstation();
        var devices = before.Devices
            .Select(d => d.Address == GuestGpu
                ? ProfileComparisonReports.Device("0000:07:00.0", "10de:2484", "0300", "GA104 [GeForce RTX 3070]", "nouveau", 20)
                : d)
            .ToList();
        var after = ProfileComparisonReports.Workstation(devices, gpus: before.Gpus);

        var change = Assert.Single(ProfileComparison.Compare(before, after).Changes);

        Assert.Equal(ProfileChangeKind.DeviceIdChanged, change.Kind);
        Assert.Equal(GuestGpu, change.Address);
        Assert.Equal("1002:73ff", change.Before);
        Assert.Equal("10de:2484", change.After);
        Assert.Contains("GeForce RTX 3070", change.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DriverNowVfio_ReportsDriverChangePerFunction()
    {
        var before = ProfileComparisonReports.Workstation();
        var after = ProfileComparisonReports.Workstation(ProfileComparisonReports.WorkstationDevices(guestDriver: "vfio-pci"));

        var changes = ProfileComparison.Compare(before, after).Changes;

        Assert.All(changes, c => Assert.Equal(ProfileChangeKind.DriverChanged, c.Kind));
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], changes.Select(c => c.Address.ToString()));
        Assert.Equal(("amdgpu", "vfio-pci"), (changes[0].Before, changes[0].After));
        Assert.Equal(("snd_hda_intel", "vfio-pci"), (changes[1].Before, changes[1].After));
        Assert.Contains("amdgpu → vfio-pci", changes[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DeviceMovedToAnotherGroup_ReportsGroupChange()
    {
        var before = ProfileComparisonReports.Workstation();
        var devices = before.Devices.Select(d => d.Address.ToString() == "0000:07:00.1" ? d with { IommuGroup = 18 } : d).ToList();
        var after = ProfileComparisonReports.Workstation(devices);

        var change = Assert.Single(ProfileComparison.Compare(before, after).Changes);

        Assert.Equal(ProfileChangeKind.IommuGroupChanged, change.Kind);
        Assert.Equal(("19", "18"), (change.Before, change.After));
        Assert.Contains("moved from IOMMU group 19 to group 18", change.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_IommuTurnedOn_ReportsIommuCommandLineAndEveryDeviceGainingAGroup()
    {
        var withoutGroups = ProfileComparisonReports.WorkstationDevices().Select(d => d with { IommuGroup = null }).ToList();
        var before = ProfileComparisonReports.Workstation(withoutGroups, iommuEnabled: false, kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet splash");
        var after = ProfileComparisonReports.Workstation();

        var changes = ProfileComparison.Compare(before, after).Changes;

        Assert.Equal(ProfileChangeKind.IommuEnabled, changes[0].Kind);
        Assert.Contains("0 → 5 IOMMU groups", changes[0].Description, StringComparison.Ordinal);
        Assert.Equal(ProfileChangeKind.KernelCommandLineChanged, changes[1].Kind);
        Assert.Equal("The kernel command line changed: added intel_iommu=on iommu=pt.", changes[1].Description);
        Assert.Equal(before.Devices.Count, changes.Count(c => c.Kind == ProfileChangeKind.IommuGroupChanged));
        Assert.All(changes.Where(c => c.Kind == ProfileChangeKind.IommuGroupChanged), c => Assert.Null(c.Before));
    }

    [Fact]
    public void Compare_IommuTurnedOff_ReportsDisabledAndRemovedParameters()
    {
        var before = ProfileComparisonReports.Workstation();
        var after = ProfileComparisonReports.Workstation(iommuEnabled: false, kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet splash iommu=pt");

        var changes = ProfileComparison.Compare(before, after).Changes;

        Assert.Equal(ProfileChangeKind.IommuDisabled, changes[0].Kind);
        Assert.Equal(("on", "off"), (changes[0].Before, changes[0].After));
        Assert.Equal("The kernel command line changed: removed intel_iommu=on.", changes[1].Description);
    }

    [Fact]
    public void Compare_GpuVerdictChanged_ReportsOldAndNewVerdict()
    {
        var before = ProfileComparisonReports.Workstation();
        var after = ProfileComparisonReports.Workstation(gpus:
        [
            ProfileComparisonReports.Gpu("0000:07:00.0", "0000:07:00.1", [18, 19], "0000:03:00.1", GpuVerdict.SharedGroup),
            before.Gpus[1],
        ]);

        var change = Assert.Single(ProfileComparison.Compare(before, after).Changes);

        Assert.Equal(ProfileChangeKind.GpuVerdictChanged, change.Kind);
        Assert.Equal(("ready", "shared-group"), (change.Before, change.After));
        Assert.Equal("AMD Radeon RX 6600 at 0000:07:00.0: ready → shared-group.", change.Description);
    }

    [Fact]
    public void Compare_ParametersReordered_SaysSoWithoutAddingOrRemoving()
    {
        var before = ProfileComparisonReports.Workstation(kernelCommandLine: "quiet iommu=pt intel_iommu=on");
        var after = ProfileComparisonReports.Workstation(kernelCommandLine: "quiet intel_iommu=on iommu=pt");

        var change = Assert.Single(ProfileComparison.Compare(before, after).Changes);

        Assert.Equal("The kernel command line changed: same parameters in another order.", change.Description);
    }
}
