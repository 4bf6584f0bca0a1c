using Microsoft.AspNetCore.Components;
using PassthroughWeb.Components.Shared;

namespace PassthroughWeb.Components.Steps;

/// <summary>The change is written and takes effect at the next boot: say so, and which steps it covers.</summary>
public partial class RebootBanner
{
    /// <summary>The steps of the applied change set ("host", "isolate").</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<string> Steps { get; set; }

    [Parameter, EditorRequired] public required Guid ChangeSetId { get; set; }

    /// <summary>The host is a copy of a host's files (the demo): there is no machine to reboot.</summary>
    [Parameter] public bool RootIsCopy { get; set; }

    /// <summary>The host's newest rehearsal, if any: the banner says whether the reboot was rehearsed and how it went.</summary>
    [Parameter] public PassthroughWeb.Services.HistoryEntry? Rehearsal { get; set; }

    /// <summary>A rehearsal can run on this host (default true); when it cannot, the banner does not suggest one.</summary>
    [Parameter] public bool CanRehearse { get; set; } = true;

    private string RehearsalText => Rehearsal switch
    {
        null when !CanRehearse => "",
        null => "The reboot was not rehearsed: \"Rehearse the reboot\" boots the kernel with the new image in a VM first.",
        { Passed: true } r => $"A rehearsal passed {TimeText.Utc(r.At)}.",
        { Passed: false } r => $"The last rehearsal FAILED ({TimeText.Utc(r.At)}): read its report before rebooting.",
        { } r => $"The last rehearsal could not run here ({TimeText.Utc(r.At)}).",
    };

    private string Text
    {
        get
        {
            var which = Steps.Contains("host") && Steps.Contains("isolate")
                ? "Steps 2 and 3 were applied together: one reboot covers both, and after it the app checks both (the IOMMU parameters on the running command line, and the card on vfio-pci)."
                : Steps.Contains("isolate")
                    ? "Step 3 was applied: after the reboot the card's functions should be on vfio-pci."
                    : "Step 2 was applied: after the reboot the running command line should hold the IOMMU parameters.";
            var then = RootIsCopy
                ? "This host is a copy of a host's files, so there is no machine to reboot here: look at what was written, then roll it back."
                : "Reboot the host, then press Verify (the app also verifies by itself when it starts after the reboot).";
            var rehearsal = RehearsalText.Length == 0 ? "" : RehearsalText + " ";
            return $"{which} {then} {rehearsal}Change set {ChangeSetId:D}.";
        }
    }
}
