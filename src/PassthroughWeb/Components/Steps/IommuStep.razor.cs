using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// Step 2, "Turn on the IOMMU": the boot loader found and the command line it boots, the parameters for the CPU with
/// the extras to choose, and the plan with a diff per file and each command — then the actions the page supplies.
/// </summary>
public partial class IommuStep
{
    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter, EditorRequired] public required StepChoices Choices { get; set; }

    [Parameter] public EventCallback<StepChoices> ChoicesChanged { get; set; }

    /// <summary>Step 2's plan; null while it is being made.</summary>
    [Parameter] public CommandLinePlanResult? Result { get; set; }

    /// <summary>
    /// The plan of step 2 as a whole, drawn when <see cref="Result"/> (the boot loader's own answer) is not there: an
    /// agent's host, whose agent answers the plan, not the detection behind it.
    /// </summary>
    [Parameter] public Core.Steps.HostChangePlanResult? Planned { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    /// <summary>The plan of the applied change set that covers this step, shown instead of a new plan until it is rolled back.</summary>
    [Parameter] public ChangePlan? AppliedPlan { get; set; }

    /// <summary>Why no plan could be made at all (shown instead of one).</summary>
    [Parameter] public string? PlanError { get; set; }

    [Parameter] public string Status { get; set; } = "not applied";

    [Parameter] public Color StatusColor { get; set; } = Color.Default;

    /// <summary>A change is being applied or rolled back: choices are frozen.</summary>
    [Parameter] public bool Busy { get; set; }

    /// <summary>Apply, progress, reboot banner, verify and rollback, from the page.</summary>
    [Parameter] public RenderFragment? Actions { get; set; }

    private static ChecklistStep Step => ChecklistStep.All[1];

    private bool BootGpuChosen => Choices.Gpu is { } gpu && Report.Gpus.Any(g => g.Address == gpu && g.IsBootVga);
}
