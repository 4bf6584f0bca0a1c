using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PassthroughWeb.Components.Steps;

/// <summary>A step's number, title, description and status.</summary>
public partial class StepHeader
{
    [Parameter, EditorRequired] public required ChecklistStep Step { get; set; }

    /// <summary>The status text of an available step (e.g. "scanned 5 minutes ago"); default "done".</summary>
    [Parameter] public string Status { get; set; } = "done";

    /// <summary>Green for done; other colours for "reboot needed", "failed" and steps not applied yet.</summary>
    [Parameter] public Color StatusColor { get; set; } = Color.Success;
}
