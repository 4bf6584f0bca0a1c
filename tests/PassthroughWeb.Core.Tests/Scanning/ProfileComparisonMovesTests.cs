using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

/// <summary>A card moved to another slot, the kernel command line's parameters, and the changes by area.</summary>
public sealed class ProfileComparisonMovesTests
{
    /// <summary>The guest RX 6600 (both functions) moved from 07:00 to 0a:00, in groups 24 and 25, now on vfio-pci.</summary>
    private static ScanReport GuestCardMoved()
    {
        var devices = ProfileComparisonReports.WorkstationDevices().Where(d => d.Address.Bus != 7).ToList();
        devices.Add(ProfileComparisonReports.Device("0000:0a:00.0", "1002:73ff", "0300", "Navi 23 [Radeon RX 6600/6600 XT/6600M]", "vfio-pci", 24, bootVga: false));
        devices.Add(ProfileComparisonReports.Device("0000:0a:00.1", "1002:ab28", "0403", "Navi 21/23 HDMI/DP Audio Controller", "snd_hda_intel", 25));
        return ProfileComparisonReports.Workstation(devices);
    }

    [Fact]
    public void Compare_CardMovedToAnotherSlot_IsOneMovePerFunctionNotARemovalAndAnAddition()
    {
        var changes = ProfileComparison.Compare(ProfileComparisonReports.Workstation(), GuestCardMoved()).Changes.Where(c => c.Area == ProfileChangeArea.Devices).ToList();

        Assert.Equal([ProfileChangeKind.DeviceMoved, ProfileChangeKind.DeviceMoved], changes.Select(c => c.Kind));
        Assert.Equal(("0000:07:00.0", "0000:0a:00.0"), (changes[0].Before, changes[0].After));
        Assert.Equal(
            "AMD Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] moved from 0000:07:00.0 to 0000:0a:00.0; IOMMU group 18 → 24, driver amdgpu → vfio-pci.",
            changes[0].Description.Replace("Advanced Micro Devices, Inc. [AMD/ATI]", "AMD", StringComparison.Ordinal));
        Assert.Equal(("0000:07:00.1", "0000:0a:00.1"), (changes[1].Before, changes[1].After));
        Assert.EndsWith("moved from 0000:07:00.1 to 0000:0a:00.1; IOMMU group 19 → 25.", changes[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OtherModelInANewSlot_StaysARemovalAndAnAddition()
    {
        var devices = ProfileComparisonReports.WorkstationDevices().Where(d => d.Address.ToString() != "0000:07:00.0").ToList();
        devices.Add(ProfileComparisonReports.Device("0000:0a:00.0", "10de:2684", "0300", "AD102 [GeForce RTX 4090]", "nvidia", 24));

        var kinds = ProfileComparison.Compare(ProfileComparisonReports.Workstation(), ProfileComparisonReports.Workstation(devices)).Changes
            .Where(c => c.Area == ProfileChangeArea.Devices).Select(c => c.Kind);

        Assert.Equal([ProfileChangeKind.DeviceRemoved, ProfileChangeKind.DeviceAdded], kinds);
    }

    [Fact]
    public void Compare_KernelCommandLine_ListsTheParametersGainedAndLost()
    {
        var before = ProfileComparisonReports.Workstation(kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet splash");
        var after = ProfileComparisonReports.Workstation(kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet intel_iommu=on iommu=pt");

        var change = Assert.Single(ProfileComparison.Compare(before, after).Changes);

        Assert.Equal(ProfileChangeArea.Boot, change.Area);
        Assert.Equal(["intel_iommu=on", "iommu=pt"], change.AddedParameters);
        Assert.Equal(["splash"], change.RemovedParameters);
    }

    [Fact]
    public void Areas_GroupTheChangesBootFirstThenDevicesGroupsDriversVerdicts()
    {
        var before = ProfileComparisonReports.Workstation(kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet");
        var devices = ProfileComparisonReports.WorkstationDevices("vfio-pci").Select(d => d.Address.ToString() == "0000:00:1f.0" ? d with { IommuGroup = 11 } : d).ToList();
        var after = ProfileComparisonReports.Workstation(devices);

        var areas = ProfileComparison.Compare(before, after).Areas;

        Assert.Equal([ProfileChangeArea.Boot, ProfileChangeArea.IommuGroups, ProfileChangeArea.Drivers], areas.Select(a => a.Area));
        Assert.Equal(2, areas[2].Changes.Count);
    }
}
