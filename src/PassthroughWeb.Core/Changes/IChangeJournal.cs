namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Where change sets are recorded, journal first: a set is begun (with its backups) before its first write and
/// completed after its last step, so one left incomplete at start-up is a set a crash interrupted.
/// Implementations must have stored a call's effect durably when the returned task completes.
/// </summary>
public interface IChangeJournal
{
    /// <summary>Records a new set in <see cref="ChangeSetState.InProgress"/>: what it will write and where the backups are.</summary>
    Task BeginAsync(ChangeSet changeSet, CancellationToken cancellationToken);

    Task RecordFileWrittenAsync(Guid changeSetId, string path, CancellationToken cancellationToken);

    Task RecordCommandAsync(Guid changeSetId, CommandRun run, CancellationToken cancellationToken);

    /// <summary>Marks an applied set <see cref="ChangeSetState.RollingBack"/> before its rollback touches a file.</summary>
    Task BeginRollbackAsync(Guid changeSetId, CancellationToken cancellationToken);

    Task CompleteAsync(Guid changeSetId, ChangeSetState outcome, ChangeError? error, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>Sets begun and never completed (in progress or rolling back), oldest first.</summary>
    Task<IReadOnlyList<ChangeSet>> FindIncompleteAsync(CancellationToken cancellationToken);

    Task<ChangeSet?> GetAsync(Guid changeSetId, CancellationToken cancellationToken);

    /// <summary>Every set, newest first.</summary>
    Task<IReadOnlyList<ChangeSet>> ListAsync(CancellationToken cancellationToken);
}
