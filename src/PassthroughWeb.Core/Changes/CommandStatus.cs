namespace PassthroughWeb.Core.Changes;

public enum CommandStatus
{
    Succeeded,

    /// <summary>Ran and exited with a non-zero code.</summary>
    Failed,

    TimedOut,

    /// <summary>The program could not be started (missing, not executable).</summary>
    NotStarted,

    /// <summary>Not run because the host root is not <c>/</c>: the set was tried on a copy of a host.</summary>
    Skipped,
}
