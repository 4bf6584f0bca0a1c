using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// The five steps in a row (a column on a phone): each with its state in words, colour and icon, the next one marked,
/// and below them what to do next and what a step waits for. A step opens its card when chosen.
/// </summary>
public partial class ChecklistStepper
{
    [Parameter, EditorRequired] public required ChecklistProgress Progress { get; set; }

    /// <summary>A step was chosen: the page opens its card and scrolls to it.</summary>
    [Parameter] public EventCallback<int> OnOpen { get; set; }

    private StepProgress? NextStep => Progress.Next is { } next ? Progress.Steps[next - 1] : null;
}
