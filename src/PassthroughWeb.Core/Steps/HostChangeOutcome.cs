namespace PassthroughWeb.Core.Steps;

public enum HostChangeOutcome
{
    /// <summary>A change plan for every chosen step (possibly empty: everything is already in place).</summary>
    Planned,

    /// <summary>A step cannot be done by the app on this host: the message says what to do by hand.</summary>
    Manual,

    /// <summary>An interlock refuses the change (the boot display, the root disk's group …): see the refusals.</summary>
    Refused,

    /// <summary>Bad input or a host that cannot be read: the message says what is wrong.</summary>
    Error,
}
