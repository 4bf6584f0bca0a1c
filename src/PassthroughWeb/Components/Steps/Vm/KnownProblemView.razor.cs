using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>A known problem: what the user sees, why, the fix, and the checklist step the fix lives in.</summary>
public partial class KnownProblemView
{
    [Parameter, EditorRequired] public required KnownProblem Problem { get; set; }

    /// <summary>Detected problems are shown open; problems to watch start folded.</summary>
    [Parameter] public bool Open { get; set; }

    [Parameter] public string TestId { get; set; } = "known-problem";

    private string StepTitle => StepsTitleOf(Problem.FixStep);

    /// <summary>The title of the page's step with the number the catalogue gives.</summary>
    public static string StepsTitleOf(Core.GuestDrivers.ChecklistStep step) =>
        Steps.ChecklistStep.All.FirstOrDefault(s => s.Number == (int)step)?.Title ?? $"step {(int)step}";
}
