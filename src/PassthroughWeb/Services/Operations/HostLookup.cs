using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>The hosts the app has scanned, by name, as the step operations act on them.</summary>
public sealed class HostLookup(IDbContextFactory<PassthroughDbContext> databases, EngineOptions options)
{
    /// <summary>A host the app has scanned, by name; null when it is unknown.</summary>
    public async Task<StepHost?> FindHostAsync(string hostName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var host = await new ProfileStore(db).FindHostAsync(hostName, ct);
        return host is null ? null : new StepHost { Name = host.Name, Root = host.Root, IsDemo = host.IsDemo, Source = host.Source, LibvirtConnection = host.IsDemo ? options.DemoLibvirtConnection : null };
    }
}
