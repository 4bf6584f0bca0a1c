namespace PassthroughWeb.Components.Steps;

/// <summary>How a step's planning ended, as the card shows it.</summary>
public enum PlanOutcomeKind
{
    Planned,

    /// <summary>The app does not edit this host's configuration: the user does it by hand.</summary>
    Manual,

    /// <summary>An interlock refused the change.</summary>
    Refused,

    Error,
}
