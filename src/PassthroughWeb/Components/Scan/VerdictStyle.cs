using MudBlazor;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>How a verdict looks: the word the CLI's JSON also uses, a colour, an icon and one line of meaning.</summary>
public static class VerdictStyle
{
    public static string Label(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => "ready",
        GpuVerdict.SharedGroup => "shared-group",
        GpuVerdict.Blocked => "blocked",
        GpuVerdict.Unknown => "unknown",
        _ => verdict.ToString(),
    };

    public static Color Color(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => MudBlazor.Color.Success,
        GpuVerdict.SharedGroup => MudBlazor.Color.Warning,
        GpuVerdict.Unknown => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Error,
    };

    public static string Icon(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => Icons.Material.Filled.CheckCircle,
        GpuVerdict.SharedGroup => Icons.Material.Filled.Warning,
        GpuVerdict.Unknown => Icons.Material.Filled.HelpOutline,
        _ => Icons.Material.Filled.Block,
    };

    public static string Meaning(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => "Can be passed to a VM: its IOMMU groups hold only its own functions and bridges.",
        GpuVerdict.SharedGroup => "Other devices share its IOMMU group and would have to go to the VM with it.",
        GpuVerdict.Unknown => "Cannot be told from what is known: an imported listing without IOMMU groups.",
        _ => "Cannot be passed to a VM on this host as it is now.",
    };
}
