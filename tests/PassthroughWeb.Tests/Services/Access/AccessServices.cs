using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Tests.Services.Access;

/// <summary>Identity with the app's rules on a real, migrated SQLite database in a temporary data directory.</summary>
public sealed class AccessServices : IAsyncDisposable
{
    private readonly TemporaryDataDirectory _directory;

    private AccessServices(TemporaryDataDirectory directory, ServiceProvider provider)
    {
        _directory = directory;
        Provider = provider;
    }

    public ServiceProvider Provider { get; }

    /// <summary>
    /// Builds the services: Identity as the CLI has it, or (<paramref name="web"/>) the web app's whole access
    /// registration with sign-in cookies. <paramref name="configure"/> adds or replaces registrations.
    /// </summary>
    public static async Task<AccessServices> CreateAsync(Action<IServiceCollection>? configure = null, bool web = false)
    {
        var directory = new TemporaryDataDirectory();
        await (await PassthroughDatabase.OpenAsync(directory.Path, CancellationToken.None)).DisposeAsync();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(TimeProvider.System);
        collection.AddDbContextFactory<PassthroughDbContext>(db => PassthroughDatabase.Configure(db, directory.Path));
        if (web)
        {
            collection.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            collection.AddPassthroughAccess();
        }
        else
        {
            collection.AddPassthroughIdentityCore();
        }
        configure?.Invoke(collection);
        return new AccessServices(directory, collection.BuildServiceProvider());
    }

    /// <summary>A scope, as one web request or CLI verb gets.</summary>
    public AsyncServiceScope Scope() => Provider.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
