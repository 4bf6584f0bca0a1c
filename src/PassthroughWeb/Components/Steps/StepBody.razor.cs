using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Steps;

/// <summary>A step card's findings, plan and actions: shown while the card is open (always, outside a checklist).</summary>
public partial class StepBody
{
    [Parameter, EditorRequired] public int Number { get; set; }

    [Parameter] public RenderFragment? ChildContent { get; set; }

    [CascadingParameter] public ChecklistView? Checklist { get; set; }
}
