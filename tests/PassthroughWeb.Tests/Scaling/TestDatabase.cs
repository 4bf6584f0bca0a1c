using PassthroughWeb.Data;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Scaling;

/// <summary>
/// One test's database on the provider a theory names: the data directory's SQLite file, or a new database on the
/// shared PostgreSQL server. The data directory is a temporary one either way; both go with the test.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TemporaryDataDirectory _directory;

    private TestDatabase(TemporaryDataDirectory directory, DatabaseLocation location)
    {
        _directory = directory;
        Location = location;
    }

    public DatabaseLocation Location { get; }

    public string DataDirectory => _directory.Path;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, FleetServers servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var directory = new TemporaryDataDirectory();
        var location = provider == DatabaseProvider.Sqlite ? DatabaseLocation.Sqlite(directory.Path) : await servers.NewLocationAsync(directory.Path);
        return new TestDatabase(directory, location);
    }

    /// <summary>Migrated, and a context on it.</summary>
    public Task<PassthroughDbContext> OpenAsync(CancellationToken ct) => PassthroughDatabase.OpenAsync(Location, ct);

    public void Dispose() => _directory.Dispose();
}
