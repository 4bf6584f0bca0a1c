using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>Step 3's first choice: which of the scan's graphics cards goes to the VM.</summary>
public partial class GpuChoice
{
    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter] public PciAddress? Selected { get; set; }

    [Parameter] public EventCallback<PciAddress> SelectedChanged { get; set; }

    [Parameter] public bool Disabled { get; set; }

    private Task ChooseAsync(string? value) =>
        PciAddress.TryParse(value, out var address) ? SelectedChanged.InvokeAsync(address.Value) : Task.CompletedTask;
}
