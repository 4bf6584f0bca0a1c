using Microsoft.EntityFrameworkCore;

namespace PassthroughWeb.Data;

/// <summary>Contexts on the database of one data directory, for code that runs without the web app's DI (the CLI, tests).</summary>
public sealed class DataDirectoryContextFactory(string dataDirectory) : IDbContextFactory<PassthroughDbContext>
{
    private readonly DbContextOptions<PassthroughDbContext> _options =
        (DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), dataDirectory).Options;

    public PassthroughDbContext CreateDbContext() => new(_options);
}
