namespace PassthroughWeb.Core.Changes;

/// <summary>What start-up recovery did with one change set a crash left incomplete.</summary>
public sealed record RecoveryResult
{
    public required Guid ChangeSetId { get; init; }

    /// <summary><see cref="ChangeSetState.Interrupted"/> for an apply, <see cref="ChangeSetState.RolledBack"/> for a rollback it finished.</summary>
    public required ChangeSetState State { get; init; }

    /// <summary>Host paths put back from their backups (or removed, when the set created them).</summary>
    public required IReadOnlyList<string> RestoredFiles { get; init; }

    public IReadOnlyList<CommandRun> Commands { get; init; } = [];

    /// <summary>Set when a file could not be put back (it holds neither the old nor the new content, or a write failed).</summary>
    public ChangeError? Error { get; init; }
}
