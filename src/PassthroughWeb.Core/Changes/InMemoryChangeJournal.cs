namespace PassthroughWeb.Core.Changes;

/// <summary>
/// A journal that lives as long as the process: for tests and for trying a flow on a copy of a host. It keeps the
/// same rules as the database journal (a set is begun once, only begun sets are updated, a completed set stays).
/// </summary>
public sealed class InMemoryChangeJournal : IChangeJournal
{
    private readonly Lock _lock = new();
    private readonly List<ChangeSet> _sets = [];

    public Task BeginAsync(ChangeSet changeSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changeSet);
        lock (_lock)
        {
            if (_sets.Any(s => s.Id == changeSet.Id)) throw new InvalidOperationException($"Change set {changeSet.Id} was already begun.");
            _sets.Add(changeSet with { State = ChangeSetState.InProgress, Error = null, CompletedAt = null });
        }
        return Task.CompletedTask;
    }

    public Task RecordFileWrittenAsync(Guid changeSetId, string path, CancellationToken cancellationToken)
    {
        Update(changeSetId, s =>
        {
            if (!s.Files.Any(f => f.Path == path)) throw new InvalidOperationException($"Change set {changeSetId} does not write {path}.");
            return s with { Files = [.. s.Files.Select(f => f.Path == path ? f with { Written = true } : f)] };
        });
        return Task.CompletedTask;
    }

    public Task RecordCommandAsync(Guid changeSetId, CommandRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Update(changeSetId, s => s with { Commands = [.. s.Commands, run] });
        return Task.CompletedTask;
    }

    public Task BeginRollbackAsync(Guid changeSetId, CancellationToken cancellationToken)
    {
        Update(changeSetId, s => s.State is ChangeSetState.Applied or ChangeSetState.RollingBack
            ? s with { State = ChangeSetState.RollingBack }
            : throw new InvalidOperationException($"Change set {changeSetId} is {s.State}; only an applied set can be rolled back."),
            requireIncomplete: false);
        return Task.CompletedTask;
    }

    public Task CompleteAsync(Guid changeSetId, ChangeSetState outcome, ChangeError? error, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        if (outcome is ChangeSetState.InProgress or ChangeSetState.RollingBack)
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A set completes as applied, failed, rolled back or interrupted.");
        Update(changeSetId, s => s with { State = outcome, Error = error, CompletedAt = completedAt });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChangeSet>> FindIncompleteAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<ChangeSet>>([.. _sets.Where(s => s.IsIncomplete)]);
    }

    public Task<ChangeSet?> GetAsync(Guid changeSetId, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_sets.Find(s => s.Id == changeSetId));
    }

    public Task<IReadOnlyList<ChangeSet>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<ChangeSet>>([.. Enumerable.Reverse(_sets)]);
    }

    private void Update(Guid changeSetId, Func<ChangeSet, ChangeSet> change, bool requireIncomplete = true)
    {
        lock (_lock)
        {
            var index = _sets.FindIndex(s => s.Id == changeSetId);
            if (index < 0) throw new InvalidOperationException($"Change set {changeSetId} was never begun.");
            if (requireIncomplete && !_sets[index].IsIncomplete) throw new InvalidOperationException($"Change set {changeSetId} is already {_sets[index].State}.");
            _sets[index] = change(_sets[index]);
        }
    }
}
