namespace PassthroughWeb.Core.Isolation;

public enum ModprobeFindingSeverity
{
    /// <summary>Worth knowing; nothing is broken.</summary>
    Info,

    /// <summary>The line does not do what it was written for.</summary>
    Warning,

    /// <summary>The line takes something from the host or breaks the passthrough.</summary>
    Error,
}
