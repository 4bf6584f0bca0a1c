using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// A step's number, title, description and status. Inside the host page's checklist it also shows the step's state,
/// whether it is next, what it waits for, and the button that opens and closes the card.
/// </summary>
public partial class StepHeader
{
    [Parameter, EditorRequired] public required ChecklistStep Step { get; set; }

    /// <summary>The card's own words for where it stands (e.g. "scanned 5 minutes ago", "choose a VM in step 4"); default "done".</summary>
    [Parameter] public string Status { get; set; } = "done";

    /// <summary>The colour of <see cref="Status"/> outside a checklist; default green.</summary>
    [Parameter] public Color StatusColor { get; set; } = Color.Success;

    [CascadingParameter] public ChecklistView? Checklist { get; set; }
}
