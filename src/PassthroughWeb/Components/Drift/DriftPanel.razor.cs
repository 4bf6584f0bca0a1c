using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Drift;

namespace PassthroughWeb.Components.Drift;

/// <summary>
/// The host page's flag when the newest scan contradicts what the applied steps stand on: for each difference, the
/// device as planned beside what is there now, and what to do. Shows nothing while the hardware matches.
/// </summary>
public partial class DriftPanel
{
    [Parameter, EditorRequired] public required HostDrift Drift { get; set; }

    /// <summary>Opens a step's card (3 or 4); without it the panel offers no buttons.</summary>
    [Parameter] public EventCallback<int> OnOpen { get; set; }

    /// <summary>Accepts the hardware as it is now (Operators only: the page passes it to them); without it, no button.</summary>
    [Parameter] public EventCallback OnAccept { get; set; }

    private bool _accepting;

    private async Task AcceptAsync()
    {
        _accepting = true;
        try
        {
            await OnAccept.InvokeAsync();
        }
        finally
        {
            _accepting = false;
        }
    }

    private string ThenText => Drift.Steps.Count == 1
        ? $"Plan and apply step {HostDrift.StepNumber(Drift.Steps[0])} again for the hardware as it is now, or put the hardware back and rescan: either clears this."
        : "Plan and apply those steps again for the hardware as it is now, or put the hardware back and rescan: either clears this.";

    private static string KindText(DeviceDriftKind kind) => Cli.Json.ScanDocumentMapper.DriftKind(kind);

    private static string KindTitle(DeviceDriftKind kind) => kind switch
    {
        DeviceDriftKind.Moved => "the card moved to another slot",
        DeviceDriftKind.Replaced => "another device sits at a planned address",
        DeviceDriftKind.Vanished => "a planned device is gone",
        DeviceDriftKind.SubsystemChanged => "another card of the same chip",
        _ => "the IOMMU group changed",
    };

    private static string FoundTitle(DeviceDrift drift) => drift.Kind switch
    {
        DeviceDriftKind.Moved => "Now, at its new address",
        DeviceDriftKind.Vanished => "Now",
        _ => $"Now, at {drift.Expected.Address}",
    };

    private static string ShortId(Guid? id) => id is { } value ? value.ToString("D")[..8] : "unknown";
}
