using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// The bottom of a step card: Apply (the page asks for confirmation), the progress while it runs, the result, the
/// reboot banner of the newest applied change set that covers the step, its verification, Rehearse the reboot, and Verify / Roll back.
/// </summary>
public partial class StepActions
{
    /// <summary>A short name for test ids: "step-2", "steps-2-3".</summary>
    [Parameter, EditorRequired] public required string Name { get; set; }

    [Parameter, EditorRequired] public required string ApplyLabel { get; set; }

    /// <summary>The plan Apply would carry out (its files and commands are listed while applying).</summary>
    [Parameter] public StepPlanPreview? Preview { get; set; }

    /// <summary>The newest change set that covers this step, from the history.</summary>
    [Parameter] public ChangeSetHistory? Latest { get; set; }

    [Parameter] public StepApplyResult? LastApply { get; set; }

    [Parameter] public StepVerifyResult? LastVerify { get; set; }

    [Parameter] public bool Applying { get; set; }

    [Parameter] public bool Busy { get; set; }

    /// <summary>
    /// Whether the signed-in user may change the host (Operator or Admin). Default false: a page that forgets to say
    /// shows no buttons (and the services would refuse anyway).
    /// </summary>
    [Parameter] public bool MayChange { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    [Parameter] public string HistoryLink { get; set; } = "history";

    [Parameter] public EventCallback OnApply { get; set; }

    [Parameter] public EventCallback OnRehearse { get; set; }

    [Parameter] public bool Rehearsing { get; set; }

    /// <summary>Progress and console lines of the rehearsal that runs now.</summary>
    [Parameter] public IReadOnlyList<string> RehearsalLines { get; set; } = [];

    [Parameter] public StepRehearsalResult? LastRehearsal { get; set; }

    /// <summary>The host's newest rehearsal in the history, for the reboot banner.</summary>
    [Parameter] public HistoryEntry? LatestRehearsal { get; set; }

    [Parameter] public EventCallback OnVerify { get; set; }

    [Parameter] public EventCallback OnRollback { get; set; }

    /// <summary>A plan exists (applied or not): the image it builds can be booted in a VM.</summary>
    private bool CanRehearse => Preview is { Outcome: Core.Steps.HostChangeOutcome.Planned };

    private bool CanApply => Preview is { Outcome: Core.Steps.HostChangeOutcome.Planned, IsNothingToDo: false };

    private string? DisabledReason => Preview switch
    {
        null => null,
        { IsNothingToDo: true } => "Nothing to apply: the host already has everything this plan would write.",
        { Outcome: Core.Steps.HostChangeOutcome.Refused } => "Nothing to apply while the change is refused.",
        { Outcome: Core.Steps.HostChangeOutcome.Manual } => "Nothing to apply: this part is done by hand (see above).",
        { Outcome: Core.Steps.HostChangeOutcome.Error } => "Nothing to apply: the plan could not be made (see above).",
        _ => null,
    };
}
