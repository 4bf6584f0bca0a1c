using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>How step 3 binds the card (by ID or by address) and why, naming every device an ID collides with.</summary>
public partial class BindingMethodView
{
    [Parameter, EditorRequired] public required VfioBindingPlan Binding { get; set; }

    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    private IReadOnlyList<PciDevice> Collisions { get; set; } = [];

    protected override void OnParametersSet()
    {
        var functions = Binding.Functions.ToHashSet();
        var ids = Binding.Functions.Select(Report.FindDevice).OfType<PciDevice>().Select(d => d.VendorDevice).ToHashSet(StringComparer.Ordinal);
        Collisions = [.. Report.Devices.Where(d => !functions.Contains(d.Address) && ids.Contains(d.VendorDevice))];
    }
}
