namespace PassthroughWeb.Core.Changes;

public sealed record ApplyResult
{
    /// <summary>The recorded change set; null when nothing was recorded (refused, or nothing to do).</summary>
    public Guid? ChangeSetId { get; init; }

    public required ApplyOutcome Outcome { get; init; }
    public ChangeError? Error { get; init; }
    public IReadOnlyList<CommandRun> Commands { get; init; } = [];

    /// <summary>The commands were not run because the root is not <c>/</c> (or the caller said never): run them, or reboot into a host where they ran.</summary>
    public bool CommandsSkipped => Commands.Any(c => c.Status == CommandStatus.Skipped);
}
