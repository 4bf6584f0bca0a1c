using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
        return builder.UseSqlite(ConnectionStringFor(dataDirectory), sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
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

    /// <summary>Creates the data directory if needed, applies every pending migration and returns a context the caller disposes.</summary>
    public static async Task<PassthroughDbContext> OpenAsync(string dataDirectory, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        EnsureDirectory(dataDirectory);
        var options = Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), dataDirectory).Options;
        var context = new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)options);
        try
        {
            await context.Database.MigrateAsync(ct);
            return context;
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }
}
