using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Isolation;
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

    /// <summary>Step 3's binding plan for the chosen card; null until one is chosen.</summary>
    [Parameter] public VfioBindingPlan? Binding { get; set; }

    [Parameter] public InitramfsDetection? Initramfs { get; set; }

    [Parameter] public InitramfsPlan? InitramfsPlan { get; set; }

    [Parameter] public InitramfsInspection? ImageCheck { get; set; }

    /// <summary>How planning steps 2 and 3 together ended.</summary>
    [Parameter] public PlanOutcomeKind Outcome { get; set; }

    [Parameter] public string? Message { get; set; }

    /// <summary>The one plan of steps 2 and 3.</summary>
    [Parameter] public ChangePlan? Plan { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    [Parameter] public string Status { get; set; } = "not applied";

    [Parameter] public Color StatusColor { get; set; } = Color.Default;

    [Parameter] public bool Busy { get; set; }

    [Parameter] public RenderFragment? Actions { get; set; }

    private static ChecklistStep Step => ChecklistStep.All[2];

    private Task ChooseGpuAsync(PciAddress gpu)
    {
        // The boot display extra of step 2 follows the card, until the user changes it.
        var bootVga = Report.Gpus.Any(g => g.Address == gpu && g.IsBootVga);
        return ChoicesChanged.InvokeAsync(Choices with { Gpu = gpu, SingleGpu = false, PassingBootGpu = bootVga });
    }

    private Task ChooseSingleGpuAsync(bool chosen) => ChoicesChanged.InvokeAsync(Choices with { SingleGpu = chosen });
}
