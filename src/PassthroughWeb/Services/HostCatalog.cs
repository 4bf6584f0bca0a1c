using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>What the pages read: hosts and their profiles, one short-lived database context per call.</summary>
public sealed class HostCatalog(IDbContextFactory<PassthroughDbContext> databases)
{
    /// <summary>Every host with its newest profile (hosts without one are left out: there is nothing to show).</summary>
    public async Task<IReadOnlyList<HostOverview>> ListOverviewAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        // One connection for every host's query: the database is opened without pooling, and EF Core would otherwise
        // open and close the file (and read its schema) once per host.
        await db.Database.OpenConnectionAsync(ct);
        var store = new ProfileStore(db);
        var result = new List<HostOverview>();
        foreach (var host in await store.ListHostsAsync(ct))
        {
            var latest = await store.GetLatestAsync(host.Name, ct);
            if (latest is not null) result.Add(HostOverview.From(host, latest));
        }
        return result;
    }

    public async Task<IReadOnlyList<HostSummary>> ListHostsAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new ProfileStore(db).ListHostsAsync(ct);
    }

    public async Task<HostSummary?> FindHostAsync(string name, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new ProfileStore(db).FindHostAsync(name, ct);
    }

    public async Task<StoredProfile?> GetLatestAsync(string hostName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new ProfileStore(db).GetLatestAsync(hostName, ct);
    }

    public async Task<IReadOnlyList<ProfileSummary>> ListProfilesAsync(string hostName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new ProfileStore(db).ListProfilesAsync(hostName, ct);
    }

    public async Task<StoredProfile?> GetProfileAsync(int id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new ProfileStore(db).GetAsync(id, ct);
    }
}
