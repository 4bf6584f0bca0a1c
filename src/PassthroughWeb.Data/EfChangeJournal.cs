using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Data;

/// <summary>
/// The change journal in the app's database (SQLite or PostgreSQL), with the rules of <see cref="InMemoryChangeJournal"/>: a set is
/// begun once, only a begun and unfinished set is updated, a completed set stays as it ended. Every call opens its own
/// context and commits before it returns (SQLite syncs the commit to disk), so a crash right after a call finds its
/// effect at the next start. Calls are serialised: the applier records from one flow, the web app from several.
/// </summary>
public sealed class EfChangeJournal(IDbContextFactory<PassthroughDbContext> databases) : IChangeJournal, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Whether the database of <paramref name="dataDirectory"/> holds a set begun and never completed, read with one
    /// plain query: every CLI verb asks at its start, and building EF Core's model for it would cost most of that start.
    /// </summary>
    public static bool HasIncomplete(string dataDirectory) => HasIncomplete(DatabaseLocation.Sqlite(dataDirectory));

    /// <inheritdoc cref="HasIncomplete(string)"/>
    public static bool HasIncomplete(DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        // SQLite answers EXISTS with 1 or 0, PostgreSQL with a boolean: Convert reads both.
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM \"ChangeSets\" WHERE \"State\" IN (@applying, @rollingBack))";
        command.Add("@applying", nameof(ChangeSetState.InProgress));
        command.Add("@rollingBack", nameof(ChangeSetState.RollingBack));
        return Convert.ToBoolean(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task BeginAsync(ChangeSet changeSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changeSet);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (await db.ChangeSets.AnyAsync(s => s.Id == changeSet.Id, cancellationToken).ConfigureAwait(false))
                throw new InvalidOperationException($"Change set {changeSet.Id} was already begun.");
            var sequence = (await db.ChangeSets.MaxAsync(s => (long?)s.Sequence, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
            db.ChangeSets.Add(ToRecord(changeSet with { State = ChangeSetState.InProgress, Error = null, CompletedAt = null }, sequence));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task RecordFileWrittenAsync(Guid changeSetId, string path, CancellationToken cancellationToken) =>
        UpdateAsync(changeSetId, s =>
        {
            if (!s.Files.Any(f => f.Path == path)) throw new InvalidOperationException($"Change set {changeSetId} does not write {path}.");
            return s with { Files = [.. s.Files.Select(f => f.Path == path ? f with { Written = true } : f)] };
        }, requireIncomplete: true, cancellationToken);

    public Task RecordCommandAsync(Guid changeSetId, CommandRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return UpdateAsync(changeSetId, s => s with { Commands = [.. s.Commands, run] }, requireIncomplete: true, cancellationToken);
    }

    public Task BeginRollbackAsync(Guid changeSetId, CancellationToken cancellationToken) =>
        UpdateAsync(changeSetId, s => s.State is ChangeSetState.Applied or ChangeSetState.RollingBack
            ? s with { State = ChangeSetState.RollingBack }
            : throw new InvalidOperationException($"Change set {changeSetId} is {s.State}; only an applied set can be rolled back."),
            requireIncomplete: false, cancellationToken);

    public Task CompleteAsync(Guid changeSetId, ChangeSetState outcome, ChangeError? error, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        if (outcome is ChangeSetState.InProgress or ChangeSetState.RollingBack)
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A set completes as applied, failed, rolled back or interrupted.");
        return UpdateAsync(changeSetId, s => s with { State = outcome, Error = error, CompletedAt = completedAt }, requireIncomplete: true, cancellationToken);
    }

    public async Task<IReadOnlyList<ChangeSet>> FindIncompleteAsync(CancellationToken cancellationToken)
    {
        var states = new[] { nameof(ChangeSetState.InProgress), nameof(ChangeSetState.RollingBack) };
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.ChangeSets.AsNoTracking().Where(s => states.Contains(s.State)).OrderBy(s => s.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(ToChangeSet)];
    }

    public async Task<ChangeSet?> GetAsync(Guid changeSetId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.ChangeSets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == changeSetId, cancellationToken).ConfigureAwait(false);
        return record is null ? null : ToChangeSet(record);
    }

    public async Task<IReadOnlyList<ChangeSet>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.ChangeSets.AsNoTracking().OrderByDescending(s => s.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(ToChangeSet)];
    }

    /// <summary>The set a record holds, whole.</summary>
    public static ChangeSet ToChangeSet(ChangeSetRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ChangeSet
        {
            Id = record.Id,
            Host = record.HostName,
            User = record.User,
            CreatedAt = record.CreatedAt,
            Plan = ChangeSetJson.Deserialize<ChangePlan>(record.PlanJson),
            RootPath = record.RootPath,
            Files = ChangeSetJson.Deserialize<List<ChangedFile>>(record.FilesJson),
            Commands = ChangeSetJson.Deserialize<List<CommandRun>>(record.CommandsJson),
            State = Enum.Parse<ChangeSetState>(record.State),
            Error = record.ErrorJson is null ? null : ChangeSetJson.Deserialize<ChangeError>(record.ErrorJson),
            CompletedAt = record.CompletedAt,
        };
    }

    private static ChangeSetRecord ToRecord(ChangeSet set, long sequence) => new()
    {
        Id = set.Id,
        Sequence = sequence,
        HostName = set.Host,
        Steps = string.Join(',', set.Steps),
        User = set.User,
        CreatedAt = set.CreatedAt,
        CompletedAt = set.CompletedAt,
        State = set.State.ToString(),
        RootPath = set.RootPath,
        PlanJson = ChangeSetJson.Serialize(set.Plan),
        FilesJson = ChangeSetJson.Serialize(set.Files),
        CommandsJson = ChangeSetJson.Serialize(set.Commands),
        ErrorJson = set.Error is null ? null : ChangeSetJson.Serialize(set.Error),
    };

    private async Task UpdateAsync(Guid changeSetId, Func<ChangeSet, ChangeSet> change, bool requireIncomplete, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var record = await db.ChangeSets.SingleOrDefaultAsync(s => s.Id == changeSetId, cancellationToken).ConfigureAwait(false)
                         ?? throw new InvalidOperationException($"Change set {changeSetId} was never begun.");
            var current = ToChangeSet(record);
            if (requireIncomplete && !current.IsIncomplete) throw new InvalidOperationException($"Change set {changeSetId} is already {current.State}.");
            var updated = change(current);
            record.State = updated.State.ToString();
            record.FilesJson = ChangeSetJson.Serialize(updated.Files);
            record.CommandsJson = ChangeSetJson.Serialize(updated.Commands);
            record.ErrorJson = updated.Error is null ? null : ChangeSetJson.Serialize(updated.Error);
            record.CompletedAt = updated.CompletedAt;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
