using PassthroughWeb.Core.Rehearsal;
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

    /// <summary>What the rehearsal boots under (as <c>rehearse --accel</c>); the page keeps one choice for every card.</summary>
    [Parameter] public AcceleratorChoice Accelerator { get; set; }

    [Parameter] public EventCallback<AcceleratorChoice> AcceleratorChanged { get; set; }

    /// <summary>Progress and console lines of the rehearsal that runs now.</summary>
    [Parameter] public IReadOnlyList<string> RehearsalLines { get; set; } = [];

    [Parameter] public StepRehearsalResult? LastRehearsal { get; set; }

    /// <summary>The host's newest rehearsal in the history, for the reboot banner.</summary>
    [Parameter] public HistoryEntry? LatestRehearsal { get; set; }

    /// <summary>
    /// Whether this card shows the reboot banner of <see cref="Latest"/>. Steps 2 and 3 applied together are one change
    /// set shown by both cards: the page shows its banner once (default true).
    /// </summary>
    [Parameter] public bool ShowRebootBanner { get; set; } = true;

    [Parameter] public EventCallback OnVerify { get; set; }

    [Parameter] public EventCallback OnRollback { get; set; }

    /// <summary>A plan exists (applied or not): the image it builds can be booted in a VM.</summary>
    private bool CanRehearse => Preview is { Outcome: Core.Steps.HostChangeOutcome.Planned, Gpu: not null, RehearsalUnavailable: null };

    /// <summary>Why a rehearsal can never run for this plan on this host (then no button is offered); null when it can.</summary>
    private string? RehearsalImpossible => Preview switch
    {
        null => null,
        { RehearsalUnavailable: { } why } => why,
        { Gpu: null } => "No rehearsal: it boots the host's kernel to check the card on vfio-pci, and the scan found no graphics card.",
        _ => null,
    };

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
