using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// Step 3, "Isolate the GPU": the card to pass, the interlocks (with the single-GPU choice), how it is bound and why,
/// the modprobe.d findings, the initramfs and its image check, and the plan of steps 2 and 3 as one change set.
/// </summary>
public partial class IsolationStep
{
    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter, EditorRequired] public required StepChoices Choices { get; set; }

    [Parameter] public EventCallback<StepChoices> ChoicesChanged { get; set; }

    /// <summary>The plan of steps 2 and 3 for the chosen card (binding, interlocks, initramfs, the one change plan); null while it is made.</summary>
    [Parameter] public HostChangePlanResult? Result { get; set; }

    /// <summary>The check of the rebuilt images, once an apply has rebuilt them.</summary>
    [Parameter] public InitramfsInspection? ImageCheck { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    /// <summary>The plan of the applied change set that covers this step, shown instead of a new plan until it is rolled back.</summary>
    [Parameter] public ChangePlan? AppliedPlan { get; set; }

    /// <summary>Why no plan could be made at all (shown instead of one).</summary>
    [Parameter] public string? PlanError { get; set; }

    [Parameter] public string Status { get; set; } = "not applied";

    [Parameter] public Color StatusColor { get; set; } = Color.Default;

    [Parameter] public bool Busy { get; set; }

    [Parameter] public RenderFragment? Actions { get; set; }

    private static ChecklistStep Step => ChecklistStep.All[2];

    private PlanOutcomeKind Outcome => Result?.Outcome switch
    {
        HostChangeOutcome.Manual => PlanOutcomeKind.Manual,
        HostChangeOutcome.Refused => PlanOutcomeKind.Refused,
        HostChangeOutcome.Error => PlanOutcomeKind.Error,
        _ => PlanOutcomeKind.Planned,
    };

    private Task ChooseGpuAsync(PciAddress gpu) => ChoicesChanged.InvokeAsync(Choices.WithGpu(Report, gpu));

    private Task ChooseSingleGpuAsync(bool chosen) => ChoicesChanged.InvokeAsync(Choices with { SingleGpu = chosen });
}
