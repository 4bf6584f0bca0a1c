using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PassthroughWeb.Data.Copying;

/// <summary>
/// Moves a hub from its data directory's SQLite file to PostgreSQL (docs/scaling.md): every table of EF Core's model
/// (so a table added later is copied without anyone remembering to), with its ids, in one transaction on the target.
/// Nothing is written while a check fails: the source must be at exactly this build's migrations (neither an older nor
/// a newer version's file), and the target must hold no rows. The target is migrated first (its schema stays, empty,
/// if the copy then fails), and its identity sequences are set past the copied ids so new rows do not collide.
/// The source is read in one snapshot and never written.
/// </summary>
public static class DatabaseCopy
{
    /// <summary>Rows written per round trip; the change trackers are emptied after each, so a long history costs no memory.</summary>
    private const int BatchSize = 500;

    /// <summary>
    /// The tables of <paramref name="model"/> in an order that respects their foreign keys (a user before their tokens, a
    /// rollout before its hosts): one entity type per table, named as in the database.
    /// </summary>
    public static IReadOnlyList<IEntityType> TablesInOrder(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tables = model.GetEntityTypes()
            .Where(t => t.BaseType is null && !t.IsOwned() && t.GetTableName() is not null)
            .OrderBy(t => t.GetTableName(), StringComparer.Ordinal)
            .ToList();
        foreach (var type in tables)
        {
            // A shared-type entity (a property bag) has no CLR type of its own to query: a model change that adds one
            // must teach the copy how to read it (the copy's test fails until then).
            if (type.HasSharedClrType)
                throw new NotSupportedException($"The table {type.GetTableName()} maps a shared-type entity ({type.Name}), which the database copy cannot read yet.");
        }
        var ordered = new List<IEntityType>();
        var placed = new HashSet<IEntityType>();
        while (ordered.Count < tables.Count)
        {
            var next = tables.FirstOrDefault(t => !placed.Contains(t)
                && t.GetForeignKeys().All(fk => fk.PrincipalEntityType.GetRootType() == t || placed.Contains(fk.PrincipalEntityType.GetRootType())))
                ?? throw new NotSupportedException("The model's foreign keys form a cycle between tables, which the database copy cannot order.");
            ordered.Add(next);
            placed.Add(next);
        }
        return ordered;
    }

    /// <summary>
    /// Copies the SQLite database <paramref name="source"/> into the PostgreSQL database <paramref name="target"/>. A
    /// refusal comes back as a result, with nothing written; a database that cannot be used throws
    /// <see cref="DatabaseUnavailableException"/> (naming it without its password); a copy that fails midway rolls back.
    /// </summary>
    public static async Task<DatabaseCopyResult> CopyAsync(DatabaseLocation source, DatabaseLocation target, CancellationToken ct, Action<string>? waiting = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Provider != DatabaseProvider.Sqlite) throw new ArgumentException("The copy reads a data directory's SQLite file.", nameof(source));
        if (target.Provider != DatabaseProvider.PostgreSql) throw new ArgumentException("The copy writes into a PostgreSQL database.", nameof(target));
        if (!File.Exists(source.Name))
        {
            return DatabaseCopyResult.Refused(DatabaseCopyOutcome.NoSource,
                $"There is no database to copy in {source.DataDirectory} ({source.Name} does not exist). Give the hub's data directory with --data DIR.");
        }
        if (CheckSource(source) is { } sourceRefusal) return sourceRefusal;
        if (await CheckTargetAsync(target, ct).ConfigureAwait(false) is { } targetRefusal) return targetRefusal;
        await PassthroughDatabase.EnsureMigratedAsync(target, ct, waiting).ConfigureAwait(false);
        try
        {
            return await CopyTablesAsync(source, target, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (CauseOf(e) is { } failure)
        {
            throw DatabaseProblem.Explain(failure is SqliteException ? source : target, failure);
        }
    }

    private static DatabaseCopyResult? CheckSource(DatabaseLocation source)
    {
        IReadOnlyList<string> applied;
        try
        {
            applied = AppliedMigrations(source);
        }
        catch (DbException e)
        {
            throw DatabaseProblem.Explain(source, e);
        }
        var known = PassthroughDatabase.MigrationIdsOf(source.MigrationsAssembly);
        var newer = applied.Except(known, StringComparer.Ordinal).ToList();
        if (newer.Count > 0)
        {
            return DatabaseCopyResult.Refused(DatabaseCopyOutcome.SourceAhead,
                $"The database {source.Name} was written by a newer PassthroughWeb (it has migrations this version does not know: {string.Join(", ", newer)}). Copy it with that version.");
        }
        var missing = known.Except(applied, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return DatabaseCopyResult.Refused(DatabaseCopyOutcome.SourceBehind,
                $"The database {source.Name} was last used by an older PassthroughWeb (it lacks {missing.Count} of this version's migrations, from {missing[0]}). " +
                $"Run this version on it once to migrate it (`PassthroughWeb history --all --data {source.DataDirectory}`), then copy again.");
        }
        return null;
    }

    /// <summary>Refuses a target of a newer version or with rows in any table (ours or not), before anything is written to it.</summary>
    private static async Task<DatabaseCopyResult?> CheckTargetAsync(DatabaseLocation target, CancellationToken ct)
    {
        try
        {
            var newer = AppliedMigrations(target).Except(PassthroughDatabase.MigrationIdsOf(target.MigrationsAssembly), StringComparer.Ordinal).ToList();
            if (newer.Count > 0)
            {
                return DatabaseCopyResult.Refused(DatabaseCopyOutcome.TargetAhead,
                    $"The database {target.Name} was prepared by a newer PassthroughWeb (migrations {string.Join(", ", newer)}): nothing was copied. Copy into a new, empty database.");
            }
            await using var connection = target.CreateConnection();
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return TargetNotEmpty(target, await FilledTablesAsync(connection, transaction: null, ct).ConfigureAwait(false));
        }
        catch (DbException e)
        {
            throw DatabaseProblem.Explain(target, e);
        }
    }

    private static DatabaseCopyResult? TargetNotEmpty(DatabaseLocation target, List<string> filled) => filled.Count == 0 ? null
        : DatabaseCopyResult.Refused(DatabaseCopyOutcome.TargetNotEmpty,
            $"The database {target.Name} already holds data (in {string.Join(", ", filled)}): nothing was copied. " +
            "Copy into a new, empty database (`createdb -O USER passthroughweb`), or drop this one's tables if nothing in them is needed.");

    private static async Task<DatabaseCopyResult> CopyTablesAsync(DatabaseLocation source, DatabaseLocation target, CancellationToken ct)
    {
        await using var from = new DataDirectoryContextFactory(source).CreateDbContext();
        await using var to = new DataDirectoryContextFactory(target).CreateDbContext();
        // Each row is marked Added by hand; detecting changes would walk its navigations for nothing.
        to.ChangeTracker.AutoDetectChangesEnabled = false;
        await from.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
        // A deferred transaction reads one snapshot (the write-ahead log keeps it) and takes no write lock.
        await using var snapshot = ((SqliteConnection)from.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await from.Database.UseTransactionAsync(snapshot, ct).ConfigureAwait(false);
        await using var transaction = await to.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var tables = TablesInOrder(to.Model);
        var connection = to.Database.GetDbConnection();
        var written = transaction.GetDbTransaction();
        // A hub started on the target meanwhile waits for the commit rather than writing between the check and the copy.
        // A hub already running on it holds its tables: give up in seconds and say so (55P03) rather than wait out the command timeout.
        await ExecuteAsync(connection, written, "SET LOCAL lock_timeout = '5s'", ct).ConfigureAwait(false);
        await ExecuteAsync(connection, written, $"LOCK TABLE {string.Join(", ", tables.Select(t => Quote(t.GetTableName()!)))} IN EXCLUSIVE MODE", ct).ConfigureAwait(false);
        if (TargetNotEmpty(target, await FilledTablesAsync(connection, written, ct).ConfigureAwait(false)) is { } refused) return refused;
        var copied = new List<CopiedTable>();
        var copyTable = typeof(DatabaseCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var table in tables)
        {
            var rows = await ((Task<long>)copyTable.MakeGenericMethod(table.ClrType).Invoke(null, [from, to, table, ct])!).ConfigureAwait(false);
            copied.Add(new CopiedTable(table.GetTableName()!, rows));
        }
        foreach (var table in tables) await SetSequencesAsync(connection, written, table, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        var total = copied.Sum(t => t.Rows);
        return new DatabaseCopyResult(DatabaseCopyOutcome.Copied,
            string.Create(CultureInfo.InvariantCulture, $"Copied {total} rows in {copied.Count} tables from {source.Name} into {target.Name}."), copied);
    }

    private static async Task<long> CopyTableAsync<T>(PassthroughDbContext from, PassthroughDbContext to, IEntityType table, CancellationToken ct) where T : class
    {
        // Values EF Core keeps outside the CLR object (a foreign key without a property) are carried over from the
        // source's entry: reading with tracking is what makes them readable.
        var shadow = table.GetProperties().Where(p => p.IsShadowProperty()).Select(p => p.Name).ToList();
        long rows = 0;
        await foreach (var row in from.Set<T>().AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            var added = to.Entry(row);
            added.State = EntityState.Added;
            foreach (var name in shadow) added.Property(name).CurrentValue = from.Entry(row).Property(name).CurrentValue;
            if (++rows % BatchSize == 0) await FlushAsync(from, to, ct).ConfigureAwait(false);
        }
        await FlushAsync(from, to, ct).ConfigureAwait(false);
        return rows;
    }

    private static async Task FlushAsync(PassthroughDbContext from, PassthroughDbContext to, CancellationToken ct)
    {
        await to.SaveChangesAsync(ct).ConfigureAwait(false);
        to.ChangeTracker.Clear();
        from.ChangeTracker.Clear();
    }

    /// <summary>
    /// Rows copied with their ids leave an identity column's sequence at 1: the next insert would collide. Each is set to
    /// the largest id copied (a column that is no identity has no sequence, and <c>setval(NULL)</c> does nothing).
    /// </summary>
    private static async Task SetSequencesAsync(DbConnection connection, DbTransaction transaction, IEntityType table, CancellationToken ct)
    {
        var name = table.GetTableName()!;
        foreach (var property in table.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(int) || p.ClrType == typeof(long))))
        {
            var column = property.GetColumnName();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT setval(pg_get_serial_sequence(@table, @column), copied.last) FROM (SELECT max({Quote(column)}) AS last FROM {Quote(name)}) AS copied WHERE copied.last IS NOT NULL";
            command.Add("@table", Quote(name));
            command.Add("@column", column);
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The tables of the target's schema that hold a row (any table: another program's rows are data too).</summary>
    private static async Task<List<string>> FilledTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
            await using var reader = await list.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        }
        var filled = new List<string>();
        foreach (var table in tables.Where(t => t is not (PassthroughDatabase.HistoryTable or PassthroughDatabase.EfMigrationLockTable)))
        {
            await using var any = connection.CreateCommand();
            any.Transaction = transaction;
            any.CommandText = $"SELECT EXISTS (SELECT 1 FROM {Quote(table)})";
            if ((bool)(await any.ExecuteScalarAsync(ct).ConfigureAwait(false))!) filled.Add(table);
        }
        return filled;
    }

    /// <summary>The migrations recorded in the database (none when it has no history table yet), read with plain SQL.</summary>
    private static List<string> AppliedMigrations(DatabaseLocation database)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = database.CountTablesNamed;
        command.Add("@table", PassthroughDatabase.HistoryTable);
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return [];
        command.Parameters.Clear();
        command.CommandText = $"SELECT \"MigrationId\" FROM \"{PassthroughDatabase.HistoryTable}\"";
        var applied = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) applied.Add(reader.GetString(0));
        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>An identifier as PostgreSQL reads it with its case kept (the names come from the model and the catalog).</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static DbException? CauseOf(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is DbException failure) return failure;
        }
        return null;
    }
}
