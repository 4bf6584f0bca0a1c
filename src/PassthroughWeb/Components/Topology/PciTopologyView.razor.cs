using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Components.Topology;

/// <summary>
/// The PCI tree of a host drawn as SVG on the server (no drawing library, no script): root complexes and bridges as a
/// tree, IOMMU groups as boxes, the chosen card, what shares its groups, the boot display and the devices the host needs,
/// with a legend inside the picture so that an exported file explains itself. Each device is a focusable button; the
/// one selected shows its details beside the picture. The download buttons are handled by wwwroot/js/topology.js.
/// </summary>
public partial class PciTopologyView
{
    private string? _selected;
    private PciTopology? _laidOut;

    /// <summary>The topology to draw. Required.</summary>
    [Parameter, EditorRequired] public required PciTopology Topology { get; set; }

    /// <summary>The name of downloaded files, without extension. Default: <c>HOST-pci-topology</c>.</summary>
    [Parameter] public string? DownloadName { get; set; }

    private TopologyLayout Layout { get; set; } = null!;

    private string FileName => DownloadName ?? $"{Topology.HostName}-pci-topology";

    /// <summary>Unique on the page, so the export script finds this picture and no other.</summary>
    private string FigureId { get; } = "topology-" + Guid.NewGuid().ToString("N")[..8];

    private TopologyNode? Selected => _selected is null ? null : Topology.Find(_selected);

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_laidOut, Topology)) return;
        Layout = PciTopologyLayout.Compute(Topology);
        _laidOut = Topology;
        if (_selected is not null && Topology.Find(_selected) is null) _selected = null;
    }

    private void Select(string id) => _selected = id;

    private void Key(KeyboardEventArgs e, string id)
    {
        if (e.Key is "Enter" or " " or "Spacebar") Select(id);
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A small sample of the mark, drawn as it is drawn in the tree.</summary>
    private static RenderFragment Swatch(TopologyLegendEntry entry) => builder =>
    {
        var x = PciTopologyLayout.Padding;
        var y = entry.Y + 1;
        switch (entry.Swatch)
        {
            case TopologyLegendSwatch.ChosenCard:
                Rect(builder, x, y, 22, 14, TopologyPalette.ChosenFill, TopologyPalette.Chosen, 2.5, null);
                break;
            case TopologyLegendSwatch.SharesChosenGroup:
                Rect(builder, x, y, 22, 14, TopologyPalette.SharesFill, TopologyPalette.Shares, 2, "5 3");
                break;
            case TopologyLegendSwatch.BootDisplay:
                Rect(builder, x, y + 1, 22, 12, TopologyPalette.Boot, TopologyPalette.Boot, 0, null);
                break;
            case TopologyLegendSwatch.HostNeeds:
                Rect(builder, x, y, 22, 14, TopologyPalette.DeviceFill, TopologyPalette.Needed, 2, null);
                break;
            case TopologyLegendSwatch.Group:
                Rect(builder, x, y, 22, 14, TopologyPalette.GroupFill, TopologyPalette.GroupStroke, 1, null);
                break;
            case TopologyLegendSwatch.NoIommu:
                Rect(builder, x, y, 22, 14, TopologyPalette.Background, TopologyPalette.DeviceStroke, 1, "2 2");
                break;
            case TopologyLegendSwatch.InferredLink:
                builder.OpenElement(0, "path");
                builder.AddAttribute(1, "d", $"M {N(x)} {N(y + 7)} H {N(x + 22)}");
                builder.AddAttribute(2, "stroke", TopologyPalette.Line);
                builder.AddAttribute(3, "stroke-width", "1.5");
                builder.AddAttribute(4, "stroke-dasharray", "4 3");
                builder.CloseElement();
                break;
            case TopologyLegendSwatch.UnlinkedBus:
                Rect(builder, x, y, 22, 14, TopologyPalette.UnlinkedFill, TopologyPalette.UnlinkedStroke, 1, "4 3");
                break;
        }
    };

    private static void Rect(RenderTreeBuilder builder, double x, double y, double width, double height, string fill, string stroke, double strokeWidth, string? dash)
    {
        builder.OpenElement(0, "rect");
        builder.AddAttribute(1, "x", N(x));
        builder.AddAttribute(2, "y", N(y));
        builder.AddAttribute(3, "width", N(width));
        builder.AddAttribute(4, "height", N(height));
        builder.AddAttribute(5, "rx", "4");
        builder.AddAttribute(6, "fill", fill);
        builder.AddAttribute(7, "stroke", stroke);
        builder.AddAttribute(8, "stroke-width", N(strokeWidth));
        if (dash is not null) builder.AddAttribute(9, "stroke-dasharray", dash);
        builder.CloseElement();
    }
}
