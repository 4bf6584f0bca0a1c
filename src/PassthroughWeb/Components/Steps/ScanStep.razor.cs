using Microsoft.AspNetCore.Components;
using PassthroughWeb.Components.Scan;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>Step 1, built: the CPU, the IOMMU, a card per GPU and the IOMMU groups of the newest scan.</summary>
public partial class ScanStep
{
    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    /// <summary>The step's status text, e.g. when the scan was taken.</summary>
    [Parameter, EditorRequired] public required string Status { get; set; }

    private static ChecklistStep Step => ChecklistStep.All[0];

    private IReadOnlyList<GpuCardModel> Gpus { get; set; } = [];
    private IReadOnlyList<IommuGroupRow> Groups { get; set; } = [];

    protected override void OnParametersSet()
    {
        Gpus = [.. Report.Gpus.Select(g => GpuCardModel.From(g, Report))];
        Groups = IommuGroupRow.From(Report);
    }
}
