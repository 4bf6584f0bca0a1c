namespace PassthroughWeb.Core.Changes;

public sealed record RollbackResult
{
    public required Guid ChangeSetId { get; init; }
    public required RollbackOutcome Outcome { get; init; }
    public ChangeError? Error { get; init; }

    /// <summary>For <see cref="RollbackOutcome.AlreadyRolledBack"/>: when the earlier rollback finished, if the journal knows.</summary>
    public DateTimeOffset? RolledBackAt { get; init; }
    public IReadOnlyList<CommandRun> Commands { get; init; } = [];
    public bool CommandsSkipped => Commands.Any(c => c.Status == CommandStatus.Skipped);
}
