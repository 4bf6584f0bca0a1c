namespace PassthroughWeb.Core.Events;

/// <summary>A command of a change set finished, or was recorded as skipped.</summary>
public sealed record CommandFinished : HostEvent
{
    public required string Command { get; init; }

    /// <summary>Null when the command did not run (skipped) or could not be started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>One of <c>succeeded</c>, <c>failed</c>, <c>timed-out</c>, <c>not-started</c>, <c>skipped</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it ran: <c>apply</c>, <c>undo</c> (putting a failed set back) or <c>rollback</c>.</summary>
    public required string Phase { get; init; }
}
