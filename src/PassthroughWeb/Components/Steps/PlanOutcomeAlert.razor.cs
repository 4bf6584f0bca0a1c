using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Steps;

/// <summary>A plan that is not one: what to do by hand (a warning) or what went wrong (an error), in a clear alert.</summary>
public partial class PlanOutcomeAlert
{
    [Parameter, EditorRequired] public required PlanOutcomeKind Outcome { get; set; }

    [Parameter] public string? Message { get; set; }
}
