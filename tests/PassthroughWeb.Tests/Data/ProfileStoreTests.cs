using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>The scan store on both providers: the data directory's SQLite file and a real PostgreSQL server.</summary>
[Collection(Scaling.FleetServersCollection.Name)]
public sealed class ProfileStoreTests(Scaling.FleetServers servers)
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_NewHost_StoresHostProfileAndSummaryColumns(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        var report = ProfileComparisonReports.Workstation();

        int id;
        await using (var db = await database.OpenAsync(ct))
        {
            id = await new ProfileStore(db).SaveAsync(report, ct);
        }

        // A fresh context reads what is on disk, not what the first one tracked.
        await using var reopened = await database.OpenAsync(ct);
        var row = reopened.HardwareProfiles.Single(p => p.Id == id);
        Assert.Equal(("intel", true, 5, 9, 2), (row.CpuVendor, row.IommuEnabled, row.GroupCount, row.DeviceCount, row.GpuCount));
        Assert.Equal(report.ScannedAt, row.TakenAt);
        var host = Assert.Single(await new ProfileStore(reopened).ListHostsAsync(ct));
        Assert.Equal(("workstation", "/", false, 1), (host.Name, host.Root, host.IsDemo, host.ProfileCount));
        Assert.Equal(report.ScannedAt, host.FirstSeen);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_SecondScan_AddsProfileToSameHostAndLatestIsNewest(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        var first = ProfileComparisonReports.Workstation();
        var second = ProfileComparisonReports.Workstation(ProfileComparisonReports.WorkstationDevices("vfio-pci"), scannedAt: first.ScannedAt.AddDays(1));
        await using var db = await database.OpenAsync(ct);
        var store = new ProfileStore(db);

        var firstId = await store.SaveAsync(first, ct);
        var secondId = await store.SaveAsync(second, ct);

        Assert.NotEqual(firstId, secondId);
        var host = Assert.Single(await store.ListHostsAsync(ct));
        Assert.Equal((first.ScannedAt, second.ScannedAt, 2), (host.FirstSeen, host.LastSeen, host.ProfileCount));
        Assert.Equal([secondId, firstId], (await store.ListProfilesAsync("workstation", ct)).Select(p => p.Id));
        var latest = await store.GetLatestAsync("workstation", ct);
        Assert.NotNull(latest);
        Assert.Equal(secondId, latest.Id);
        Assert.Equal("vfio-pci", latest.Report.FindDevice(PciAddress.Parse("0000:07:00.0"))?.Driver);
        var older = await store.GetAsync(firstId, ct);
        Assert.NotNull(older);
        Assert.Equal(2, ProfileComparison.Compare(older.Report, latest.Report).Changes.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ListHostsAsync_RealAndDemoHosts_RealHostsFirst(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        await using var db = await database.OpenAsync(ct);
        var store = new ProfileStore(db);

        await store.SaveAsync(ProfileComparisonReports.Workstation(hostName: "Sample workstation"), isDemo: true, ct);
        await store.SaveAsync(ProfileComparisonReports.Workstation(hostName: "zeus"), ct);

        var hosts = await store.ListHostsAsync(ct);
        Assert.Equal([("zeus", false), ("Sample workstation", true)], hosts.Select(h => (h.Name, h.IsDemo)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task GetAsync_UnknownIdAndHost_ReturnNothing(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        await using var db = await database.OpenAsync(ct);
        var store = new ProfileStore(db);

        Assert.Null(await store.GetAsync(42, ct));
        Assert.Null(await store.GetLatestAsync("nowhere", ct));
        Assert.Null(await store.FindHostAsync("nowhere", ct));
        Assert.Empty(await store.ListProfilesAsync("nowhere", ct));
    }
}
