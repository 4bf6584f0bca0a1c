using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Components.Profiles;

/// <summary>The changes between two profiles as a readable diff: by area (boot, devices, IOMMU groups, drivers, verdicts), each with its value before and after.</summary>
public partial class ComparisonView
{
    [Parameter, EditorRequired] public required ProfileComparison Comparison { get; set; }
    [Parameter, EditorRequired] public required StoredProfile From { get; set; }
    [Parameter, EditorRequired] public required StoredProfile To { get; set; }

    private static string Icon(ProfileChangeKind kind) => kind switch
    {
        ProfileChangeKind.DeviceAdded => Icons.Material.Filled.AddCircleOutline,
        ProfileChangeKind.DeviceRemoved => Icons.Material.Filled.RemoveCircleOutline,
        ProfileChangeKind.DeviceIdChanged => Icons.Material.Filled.SwapHoriz,
        ProfileChangeKind.DeviceMoved => Icons.Material.Filled.MoveDown,
        ProfileChangeKind.DriverChanged => Icons.Material.Filled.Extension,
        ProfileChangeKind.IommuGroupChanged => Icons.Material.Filled.Workspaces,
        ProfileChangeKind.KernelCommandLineChanged => Icons.Material.Filled.Terminal,
        ProfileChangeKind.GpuVerdictChanged => Icons.Material.Filled.Videocam,
        _ => Icons.Material.Filled.Security,
    };

    private static Color Colour(ProfileChangeKind kind) => kind switch
    {
        ProfileChangeKind.DeviceRemoved or ProfileChangeKind.IommuDisabled => Color.Error,
        ProfileChangeKind.DeviceAdded or ProfileChangeKind.IommuEnabled => Color.Success,
        _ => Color.Primary,
    };

    private static string AreaTitle(ProfileChangeArea area) => area switch
    {
        ProfileChangeArea.Boot => "IOMMU and kernel command line",
        ProfileChangeArea.Devices => "Devices",
        ProfileChangeArea.IommuGroups => "IOMMU groups",
        ProfileChangeArea.Drivers => "Drivers",
        _ => "GPU verdicts",
    };

    private static string AreaIcon(ProfileChangeArea area) => area switch
    {
        ProfileChangeArea.Boot => Icons.Material.Filled.Terminal,
        ProfileChangeArea.Devices => Icons.Material.Filled.Memory,
        ProfileChangeArea.IommuGroups => Icons.Material.Filled.Workspaces,
        ProfileChangeArea.Drivers => Icons.Material.Filled.Extension,
        _ => Icons.Material.Filled.Videocam,
    };
}
