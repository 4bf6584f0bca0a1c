using Microsoft.EntityFrameworkCore;

namespace PassthroughWeb.Data;

/// <summary>Contexts on one database (a data directory's SQLite file by default), for code that runs without the web app's DI (the CLI, tests).</summary>
public sealed class DataDirectoryContextFactory(DatabaseLocation database) : IDbContextFactory<PassthroughDbContext>
{
    private readonly DbContextOptions<PassthroughDbContext> _options =
        (DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), database).Options;

    public DataDirectoryContextFactory(string dataDirectory) : this(DatabaseLocation.Sqlite(dataDirectory))
    {
    }

    public PassthroughDbContext CreateDbContext() => new(_options);
}
