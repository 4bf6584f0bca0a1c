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

    /// <summary>Creates the data directory (and its parents) if needed. Call once before opening contexts through a factory.</summary>
    public static void EnsureDirectory(string dataDirectory) => Directory.CreateDirectory(Path.GetFullPath(dataDirectory));

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
