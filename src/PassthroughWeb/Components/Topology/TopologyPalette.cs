using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Components.Topology;

/// <summary>
/// The picture's colours, written as SVG presentation attributes rather than CSS, so an exported SVG carries its own
/// look and renders the same in a forum post, an image viewer or a canvas. The picture is light on any theme, like paper.
/// </summary>
public static class TopologyPalette
{
    public const string Background = "#ffffff";
    public const string Text = "#1f2933";
    public const string MutedText = "#52606d";
    public const string Line = "#7b8794";

    public const string DeviceFill = "#ffffff";
    public const string DeviceStroke = "#9aa5b1";
    public const string BridgeFill = "#f0f2f5";
    public const string RootFill = "#e4e7eb";
    public const string UnlinkedFill = "#fffbea";
    public const string UnlinkedStroke = "#b88c00";

    public const string Chosen = "#1565c0";
    public const string ChosenFill = "#e3f0fc";
    public const string Shares = "#c25400";
    public const string SharesFill = "#fff1e6";
    public const string Boot = "#6a1b9a";
    public const string Needed = "#c62828";

    public const string GroupFill = "#f7f9fb";
    public const string GroupStroke = "#b8c2cc";
    public const string ChosenGroupFill = "#f0f6fd";
    public const string SharedGroupFill = "#fff7f0";

    public const string Selected = "#111111";

    public const string SansFont = "'DejaVu Sans', Verdana, 'Segoe UI', Roboto, Arial, sans-serif";
    public const string MonoFont = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

    public static string TagColour(TopologyMarks mark) => mark switch
    {
        TopologyMarks.ChosenCard => Chosen,
        TopologyMarks.SharesChosenGroup => Shares,
        TopologyMarks.BootDisplay => Boot,
        _ => Needed,
    };

    public static (string Fill, string Stroke, double Width, string Dash) Box(TopologyNode node)
    {
        if (node.Has(TopologyMarks.ChosenCard)) return (ChosenFill, Chosen, 2.5, "");
        if (node.Has(TopologyMarks.SharesChosenGroup) && node.Kind == TopologyNodeKind.Device) return (SharesFill, Shares, 2, "5 3");
        if (node.Marks.HasFlag(TopologyMarks.HostDisk) || node.Marks.HasFlag(TopologyMarks.HostNetwork)) return (DeviceFill, Needed, 2, "");
        if (node.Marks.HasFlag(TopologyMarks.StorageClass) || node.Marks.HasFlag(TopologyMarks.NetworkClass)) return (DeviceFill, Needed, 1.5, "");
        return node.Kind switch
        {
            TopologyNodeKind.RootComplex => (RootFill, DeviceStroke, 1, ""),
            TopologyNodeKind.Bridge => (BridgeFill, DeviceStroke, 1, ""),
            TopologyNodeKind.UnlinkedBus => (UnlinkedFill, UnlinkedStroke, 1, "4 3"),
            _ => (DeviceFill, DeviceStroke, 1, ""),
        };
    }

    public static string GroupFillOf(TopologyGroupBox group) =>
        group.SharedWithCard ? SharedGroupFill : group.OfChosenCard ? ChosenGroupFill : GroupFill;

    public static string GroupStrokeOf(TopologyGroupBox group) =>
        group.SharedWithCard ? Shares : group.OfChosenCard ? Chosen : GroupStroke;
}
