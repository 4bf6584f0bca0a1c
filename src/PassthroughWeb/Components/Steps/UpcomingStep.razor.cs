using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Steps;

/// <summary>A step this version does not do yet: what it is for, and an honest status, with nothing to click.</summary>
public partial class UpcomingStep
{
    [Parameter, EditorRequired] public required ChecklistStep Step { get; set; }
}
