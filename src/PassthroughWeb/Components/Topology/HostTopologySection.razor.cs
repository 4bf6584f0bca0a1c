using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Topology;

/// <summary>The host page's fold with the picture of the host, highlighting the card the checklist plans for.</summary>
public partial class HostTopologySection
{
    private PciTopology? _topology;
    private PciAddress? _card;
    private (ScanReport, PciAddress?)? _built;

    [Parameter, EditorRequired] public required string HostName { get; set; }
    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    /// <summary>The card chosen on the checklist; null: the first GPU, as steps 2 and 3 plan for.</summary>
    [Parameter] public PciAddress? Gpu { get; set; }

    [Inject] public required HostTopologies Topologies { get; init; }

    private string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Report.Devices.Count} devices, {Report.Groups.Count} IOMMU groups{(_card is { } card ? $", card {card} highlighted" : "")}");

    protected override async Task OnParametersSetAsync()
    {
        _card = HostTopologies.DefaultCard(Report, Gpu);
        if (_built == (Report, _card)) return;
        _topology = await Topologies.BuildAsync(HostName, Report, _card, CancellationToken.None);
        _built = (Report, _card);
    }
}
