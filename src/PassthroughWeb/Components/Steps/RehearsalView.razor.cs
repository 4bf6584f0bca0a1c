using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// A rehearsal of the reboot as it runs (the last lines of progress and of the guest's console, pushed live) and its
/// report: each check in plain words, the setup it booted, and the whole console log.
/// </summary>
public partial class RehearsalView
{
    /// <summary>A short name for test ids: "step-2", "steps-2-3".</summary>
    [Parameter, EditorRequired] public required string Name { get; set; }

    [Parameter] public bool Running { get; set; }

    [Parameter] public IReadOnlyList<string> Lines { get; set; } = [];

    [Parameter] public StepRehearsalResult? Result { get; set; }

    private static Severity SeverityOf(RehearsalOutcome outcome) => outcome switch
    {
        RehearsalOutcome.Passed => Severity.Success,
        RehearsalOutcome.Unavailable => Severity.Info,
        RehearsalOutcome.KvmUnavailable => Severity.Warning,
        _ => Severity.Error,
    };

    private static string IommuName(RehearsalIommu iommu) => iommu switch
    {
        RehearsalIommu.Intel => "emulated Intel VT-d",
        RehearsalIommu.Amd => "emulated AMD-Vi",
        _ => "no IOMMU",
    };

    private static string Headline(RehearsalOutcome outcome) => outcome switch
    {
        RehearsalOutcome.Passed => "The rehearsal passed.",
        RehearsalOutcome.Failed => "The rehearsal failed: do not reboot with this plan yet.",
        RehearsalOutcome.TimedOut => "The rehearsal timed out.",
        RehearsalOutcome.Crashed => "The rehearsal's virtual machine crashed.",
        RehearsalOutcome.ImageFailed => "The rehearsal image could not be built.",
        RehearsalOutcome.KvmUnavailable => "KVM does not run the guest here.",
        _ => "No rehearsal here.",
    };
}
