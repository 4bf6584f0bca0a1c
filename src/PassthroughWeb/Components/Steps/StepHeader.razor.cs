using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Steps;

/// <summary>A step's number, title, description and status.</summary>
public partial class StepHeader
{
    [Parameter, EditorRequired] public required ChecklistStep Step { get; set; }

    /// <summary>The status text of an available step (e.g. "scanned 5 minutes ago"); default "done".</summary>
    [Parameter] public string Status { get; set; } = "done";
}
