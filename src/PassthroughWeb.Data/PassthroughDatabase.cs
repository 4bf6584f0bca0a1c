using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Data;

/// <summary>
/// Opens the app's database: the SQLite file of a data directory (the default), or a PostgreSQL database
/// (<see cref="DatabaseLocation"/>), creating the directory and applying migrations. The overloads that take a data
/// directory mean its SQLite file.
/// </summary>
public static class PassthroughDatabase
{
    public const string FileName = "passthroughweb.db";

    /// <summary>The SQLite migrations live in their own assembly (../../migrations), loaded by name at run time.</summary>
    public const string MigrationsAssembly = "PassthroughWeb.Migrations";

    /// <summary>PostgreSQL's migrations, generated from the same model into an assembly of their own.</summary>
    public const string PostgreSqlMigrationsAssembly = "PassthroughWeb.Migrations.Postgres";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public static string ConnectionStringFor(string dataDirectory) => DatabaseLocation.Sqlite(dataDirectory).ConnectionString;

    /// <summary>Points <paramref name="builder"/> at the database of <paramref name="dataDirectory"/> (the directory must exist).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string dataDirectory) =>
        Configure(builder, DatabaseLocation.Sqlite(dataDirectory));

    /// <summary>Points <paramref name="builder"/> at <paramref name="database"/>, with that provider's migrations.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.Sqlite)
            builder.UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
        else
            builder.UseNpgsql(database.ConnectionString, postgres => postgres.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        // EF Core seeds inside its migration, under its lock: the one moment the crash test can stop a migration midway.
        if (CrashPoints.IsArmed) builder.UseAsyncSeeding((_, _, _) => { CrashPoints.Reach(CrashPoints.MigrationLocked); return Task.CompletedTask; });
        return builder;
    }

    /// <summary>
    /// The data directory for <paramref name="database"/>: for SQLite with its database file (<see cref="EnsureDirectory(string)"/>),
    /// for PostgreSQL only the directory (backups, the event log and keys stay local), readable by its owner only.
    /// </summary>
    public static void EnsureDirectory(DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            EnsureDirectory(database.DataDirectory);
            return;
        }
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(database.DataDirectory);
        else Directory.CreateDirectory(database.DataDirectory, OwnerOnlyDirectory);
    }

    /// <summary>
    /// Creates the data directory (and its parents) if needed, readable by its owner only (0700), with the database
    /// file 0600 before SQLite first opens it (SQLite gives its journal and WAL files the database's mode). The
    /// database holds the history's diffs of /etc files and, with sign-in, password hashes; the backups beside it are
    /// copies of /etc files. Call once before opening contexts through a factory.
    /// </summary>
    public static void EnsureDirectory(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        var existed = Directory.Exists(directory);
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var database = PathIn(directory);
        // A directory made by an older version (0755), or by Docker for a volume, is tightened; a directory that
        // holds other files (someone's --data /tmp) is not ours to lock, and its database file is still private.
        if (!existed || File.Exists(database) || !Directory.EnumerateFileSystemEntries(directory).Any())
            File.SetUnixFileMode(directory, OwnerOnlyDirectory);
        if (!File.Exists(database))
        {
            using var created = new FileStream(database, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            });
        }
        foreach (var file in new[] { database, database + "-wal", database + "-shm", database + "-journal" })
        {
            if (File.Exists(file)) File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the data directory if needed, brings the database up to date (<see cref="EnsureMigratedAsync"/>) and returns
    /// a context the caller disposes.
    /// </summary>
    public static Task<PassthroughDbContext> OpenAsync(string dataDirectory, CancellationToken ct, Action<string>? waiting = null) =>
        OpenAsync(DatabaseLocation.Sqlite(dataDirectory), ct, waiting);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken, Action{string}?)"/>
    public static async Task<PassthroughDbContext> OpenAsync(DatabaseLocation database, CancellationToken ct, Action<string>? waiting = null)
    {
        await EnsureMigratedAsync(database, ct, waiting).ConfigureAwait(false);
        return CreateContext(database);
    }

    /// <summary>
    /// Creates the data directory if needed and brings its database up to date, without keeping a context (for a caller
    /// that then works with plain SQL, <see cref="ProfileWriter"/>, or through a context factory).
    /// <list type="bullet">
    /// <item>Nothing pending (every start but the first): one plain query, no lock, no EF Core model.</item>
    /// <item>Otherwise the migration lock (<see cref="DatabaseMigrationLock"/>) is taken first, waiting with a message
    /// while another process holds it. Holding it, any row in EF Core's own <c>__EFMigrationsLock</c> is stale (its
    /// owner would hold our lock too, or is dead), so it is removed: EF Core would otherwise wait for it forever.</item>
    /// <item>An empty database gets the whole schema from the script EF Core generates from every migration
    /// (<see cref="DatabaseSchemaScript"/>), without building EF Core's model; an older one gets EF Core's Migrate.</item>
    /// </list>
    /// Throws <see cref="DatabaseUnavailableException"/> (naming the file, the reason and what to do) when SQLite cannot
    /// use the file, and <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> for the directory.
    /// </summary>
    public static Task EnsureMigratedAsync(string dataDirectory, CancellationToken ct, Action<string>? waiting = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return EnsureMigratedAsync(DatabaseLocation.Sqlite(dataDirectory), ct, waiting);
    }

    /// <summary>
    /// As for a data directory's SQLite file; on PostgreSQL the lock is a session advisory lock
    /// (<see cref="PostgreSqlMigrationLock"/>), which the server releases when its holder's connection ends, and EF Core's
    /// Migrate always applies the migrations (a server starts seldom: the model it builds costs nothing worth saving).
    /// Throws <see cref="DatabaseUnavailableException"/> naming the database, the reason and what to do.
    /// </summary>
    public static async Task EnsureMigratedAsync(DatabaseLocation database, CancellationToken ct, Action<string>? waiting = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        EnsureDirectory(database);
        try
        {
            if (database.Provider == DatabaseProvider.Sqlite) UseWriteAheadLog(database);
            if (!HasPendingMigrations(database)) return;
            using var held = database.Provider == DatabaseProvider.Sqlite
                ? (IDisposable)await DatabaseMigrationLock.AcquireAsync(database.DataDirectory, waiting, ct).ConfigureAwait(false)
                : await PostgreSqlMigrationLock.AcquireAsync(database, waiting, ct).ConfigureAwait(false);
            if (!HasPendingMigrations(database)) return;
            if (database.Provider == DatabaseProvider.Sqlite) ClearStaleMigrationLock(database);
            CrashPoints.Reach(CrashPoints.MigrationStarting);
            if (database.Provider == DatabaseProvider.Sqlite && IsEmpty(database))
            {
                DatabaseSchemaScript.ApplyTo(database.ConnectionString);
                CrashPoints.Reach(CrashPoints.MigrationDone);
                return;
            }
            await using var context = CreateContext(database);
            await context.Database.MigrateAsync(ct).ConfigureAwait(false);
            CrashPoints.Reach(CrashPoints.MigrationDone);
        }
        catch (DbException e)
        {
            throw DatabaseProblem.Explain(database, e);
        }
    }

    /// <summary>
    /// Puts the database in write-ahead-log mode, which the file keeps. In SQLite's default rollback-journal mode a
    /// reader blocks a writer's commit, so the pages reading the history while a change set ends could make its next
    /// history event wait out the 30 s busy timeout and fail ("database is locked"); with the log, readers never block
    /// the one writer. Already in the mode, this is one cheap query. While another process holds the file in the old
    /// mode the switch is refused quietly, and the next start tries again.
    /// </summary>
    private static void UseWriteAheadLog(DatabaseLocation database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteScalar();
    }

    /// <summary>Whether the database answers a query of its own tables (for /health); throws the provider's error when not.</summary>
    public static void Ping(string dataDirectory) => Ping(DatabaseLocation.Sqlite(dataDirectory));

    /// <inheritdoc cref="Ping(string)"/>
    public static void Ping(DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"Hosts\"";
        command.ExecuteScalar();
    }

    /// <summary>EF Core's lock table (SQLite has no advisory locks, so EF Core keeps a row while it migrates).</summary>
    internal const string EfMigrationLockTable = "__EFMigrationsLock";

    private static void ClearStaleMigrationLock(DatabaseLocation database)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = database.CountTablesNamed;
        command.Add("@table", EfMigrationLockTable);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        command.Parameters.Clear();
        command.CommandText = $"DELETE FROM \"{EfMigrationLockTable}\"";
        command.ExecuteNonQuery();
    }

    /// <summary>No table of ours and no applied migration: a new file, or one whose first creation died before any migration committed.</summary>
    private static bool IsEmpty(DatabaseLocation database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        if (tables.Any(t => t is not (HistoryTable or EfMigrationLockTable or "sqlite_sequence"))) return false;
        if (!tables.Contains(HistoryTable)) return true;
        command.CommandText = $"SELECT count(*) FROM \"{HistoryTable}\"";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    private static PassthroughDbContext CreateContext(DatabaseLocation database) =>
        new((DbContextOptions<PassthroughDbContext>)Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), database).Options);

    /// <summary>EF Core's default name for the table of applied migrations, which this app keeps.</summary>
    internal const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// Whether the database of <paramref name="dataDirectory"/> lacks a migration of <see cref="MigrationIds"/>, read with
    /// plain SQL. Asking EF Core (<c>GetPendingMigrations</c>, or <c>Migrate</c> with nothing to do) builds its whole model
    /// first, which costs most of a CLI verb's start; this costs one query. A database written by a newer version (more
    /// migrations than this one knows) has nothing pending, as for EF Core.
    /// </summary>
    public static bool HasPendingMigrations(string dataDirectory) => HasPendingMigrations(DatabaseLocation.Sqlite(dataDirectory));

    /// <inheritdoc cref="HasPendingMigrations(string)"/>
    public static bool HasPendingMigrations(DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var known = MigrationIdsOf(database.MigrationsAssembly);
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = database.CountTablesNamed;
        command.Add("@table", HistoryTable);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return known.Count > 0;
        command.Parameters.Clear();
        command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryTable}\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) applied.Add(reader.GetString(0));
        }
        return known.Any(id => !applied.Contains(id));
    }

    /// <summary>
    /// The ids of the SQLite migrations of <see cref="PassthroughDbContext"/> in <see cref="MigrationsAssembly"/>, in order:
    /// found the way EF Core finds them (the <c>[DbContext]</c> and <c>[Migration]</c> attributes), without building its model.
    /// </summary>
    public static IReadOnlyList<string> MigrationIds => MigrationIdsOf(MigrationsAssembly);

    /// <summary>As <see cref="MigrationIds"/>, for the migrations assembly of either provider.</summary>
    public static IReadOnlyList<string> MigrationIdsOf(string migrationsAssembly) =>
        LazyMigrationIds.GetOrAdd(migrationsAssembly, name => new Lazy<IReadOnlyList<string>>(() => ReadMigrationIds(name))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IReadOnlyList<string>>> LazyMigrationIds = new(StringComparer.Ordinal);

    private static IReadOnlyList<string> ReadMigrationIds(string migrationsAssembly) =>
        [.. System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(migrationsAssembly)).GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute), inherit: false)
                .OfType<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>().Any(a => a.ContextType == typeof(PassthroughDbContext)))
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), inherit: false)
                .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().SingleOrDefault()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];
}
