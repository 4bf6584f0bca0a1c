using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Data;

/// <summary>Opens the app's SQLite database in a data directory, creating the directory and applying migrations.</summary>
public static class PassthroughDatabase
{
    public const string FileName = "passthroughweb.db";

    /// <summary>The migrations live in their own assembly (../../migrations), loaded by name at run time.</summary>
    public const string MigrationsAssembly = "PassthroughWeb.Migrations";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public static string ConnectionStringFor(string dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = PathIn(dataDirectory), Pooling = false }.ToString();

    /// <summary>Points <paramref name="builder"/> at the database of <paramref name="dataDirectory"/> (the directory must exist).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSqlite(ConnectionStringFor(dataDirectory), sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
        // EF Core seeds inside its migration, under its lock: the one moment the crash test can stop a migration midway.
        if (CrashPoints.IsArmed) builder.UseAsyncSeeding((_, _, _) => { CrashPoints.Reach(CrashPoints.MigrationLocked); return Task.CompletedTask; });
        return builder;
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
    public static async Task<PassthroughDbContext> OpenAsync(string dataDirectory, CancellationToken ct, Action<string>? waiting = null)
    {
        await EnsureMigratedAsync(dataDirectory, ct, waiting).ConfigureAwait(false);
        return CreateContext(dataDirectory);
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
    public static async Task EnsureMigratedAsync(string dataDirectory, CancellationToken ct, Action<string>? waiting = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        EnsureDirectory(dataDirectory);
        try
        {
            UseWriteAheadLog(dataDirectory);
            if (!HasPendingMigrations(dataDirectory)) return;
            using var held = await DatabaseMigrationLock.AcquireAsync(dataDirectory, waiting, ct).ConfigureAwait(false);
            if (!HasPendingMigrations(dataDirectory)) return;
            ClearStaleMigrationLock(dataDirectory);
            CrashPoints.Reach(CrashPoints.MigrationStarting);
            if (IsEmpty(dataDirectory))
            {
                DatabaseSchemaScript.ApplyTo(ConnectionStringFor(dataDirectory));
                CrashPoints.Reach(CrashPoints.MigrationDone);
                return;
            }
            await using var context = CreateContext(dataDirectory);
            await context.Database.MigrateAsync(ct).ConfigureAwait(false);
            CrashPoints.Reach(CrashPoints.MigrationDone);
        }
        catch (SqliteException e)
        {
            throw DatabaseProblem.Explain(PathIn(dataDirectory), e);
        }
    }

    /// <summary>
    /// Puts the database in write-ahead-log mode, which the file keeps. In SQLite's default rollback-journal mode a
    /// reader blocks a writer's commit, so the pages reading the history while a change set ends could make its next
    /// history event wait out the 30 s busy timeout and fail ("database is locked"); with the log, readers never block
    /// the one writer. Already in the mode, this is one cheap query. While another process holds the file in the old
    /// mode the switch is refused quietly, and the next start tries again.
    /// </summary>
    private static void UseWriteAheadLog(string dataDirectory)
    {
        using var connection = new SqliteConnection(ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteScalar();
    }

    /// <summary>Whether the database answers a query of its own tables (for /health); throws the SQLite error when not.</summary>
    public static void Ping(string dataDirectory)
    {
        using var connection = new SqliteConnection(ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"Hosts\"";
        command.ExecuteScalar();
    }

    /// <summary>EF Core's lock table (SQLite has no advisory locks, so EF Core keeps a row while it migrates).</summary>
    internal const string EfMigrationLockTable = "__EFMigrationsLock";

    private static void ClearStaleMigrationLock(string dataDirectory)
    {
        using var connection = new SqliteConnection(ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", EfMigrationLockTable);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        command.Parameters.Clear();
        command.CommandText = $"DELETE FROM \"{EfMigrationLockTable}\"";
        command.ExecuteNonQuery();
    }

    /// <summary>No table of ours and no applied migration: a new file, or one whose first creation died before any migration committed.</summary>
    private static bool IsEmpty(string dataDirectory)
    {
        using var connection = new SqliteConnection(ConnectionStringFor(dataDirectory));
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

    private static PassthroughDbContext CreateContext(string dataDirectory) =>
        new((DbContextOptions<PassthroughDbContext>)Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), dataDirectory).Options);

    /// <summary>EF Core's default name for the table of applied migrations, which this app keeps.</summary>
    internal const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// Whether the database of <paramref name="dataDirectory"/> lacks a migration of <see cref="MigrationIds"/>, read with
    /// plain SQL. Asking EF Core (<c>GetPendingMigrations</c>, or <c>Migrate</c> with nothing to do) builds its whole model
    /// first, which costs most of a CLI verb's start; this costs one query. A database written by a newer version (more
    /// migrations than this one knows) has nothing pending, as for EF Core.
    /// </summary>
    public static bool HasPendingMigrations(string dataDirectory)
    {
        using var connection = new SqliteConnection(ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", HistoryTable);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return MigrationIds.Count > 0;
        command.CommandText = $"SELECT MigrationId FROM \"{HistoryTable}\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) applied.Add(reader.GetString(0));
        }
        return MigrationIds.Any(id => !applied.Contains(id));
    }

    /// <summary>
    /// The ids of the migrations of <see cref="PassthroughDbContext"/> in <see cref="MigrationsAssembly"/>, in order: found
    /// the way EF Core finds them (the <c>[DbContext]</c> and <c>[Migration]</c> attributes), without building its model.
    /// </summary>
    public static IReadOnlyList<string> MigrationIds => LazyMigrationIds.Value;

    private static readonly Lazy<IReadOnlyList<string>> LazyMigrationIds = new(() =>
        [.. System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(MigrationsAssembly)).GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute), inherit: false)
                .OfType<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>().Any(a => a.ContextType == typeof(PassthroughDbContext)))
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), inherit: false)
                .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().SingleOrDefault()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)]);
}
