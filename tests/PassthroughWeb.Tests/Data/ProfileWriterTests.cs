using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>The plain-SQL writer of <c>scan</c> must leave exactly the rows EF Core's <see cref="ProfileStore"/> leaves, on SQLite and on PostgreSQL.</summary>
[Collection(Scaling.FleetServersCollection.Name)]
public sealed class ProfileWriterTests(Scaling.FleetServers servers)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_NewHost_LeavesTheRowsProfileStoreLeaves(DatabaseProvider provider)
    {
        var scans = new[] { (ProfileComparisonReports.Workstation(scannedAt: Monday), false) };

        var (written, stored) = await BothWaysAsync(provider, scans);

        AssertSameRows(stored, written);
        Assert.Single(written.Hosts);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_LaterEarlierAndDemoScans_KeepFirstSeenMoveLastSeenForwardOnlyAndTakeRootAndDemoFlag(DatabaseProvider provider)
    {
        var scans = new[]
        {
            (ProfileComparisonReports.Workstation(scannedAt: Monday), false),
            (ProfileComparisonReports.Workstation(ProfileComparisonReports.WorkstationDevices("vfio-pci"), scannedAt: Monday.AddDays(2)), false),
            // Stored late, taken early: LastSeen stays at the newest scan.
            (ProfileComparisonReports.Workstation(scannedAt: Monday.AddDays(1)) with { Root = "/srv/hosts/workstation" }, true),
            (ProfileComparisonReports.Workstation(hostName: "render-node", scannedAt: Monday.AddHours(5), iommuEnabled: false), false),
        };

        var (written, stored) = await BothWaysAsync(provider, scans);

        AssertSameRows(stored, written);
        var workstation = written.Hosts.Single(h => h.Name == "workstation");
        Assert.Equal((Monday, Monday.AddDays(2), "/srv/hosts/workstation", true, 3), (workstation.FirstSeen, workstation.LastSeen, workstation.Root, workstation.IsDemo, workstation.ProfileCount));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_ReadBackByProfileStore_GivesTheSameReport(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        var report = ProfileComparisonReports.Workstation(scannedAt: Monday);
        await PassthroughDatabase.EnsureMigratedAsync(database.Location, ct);

        var id = await ProfileWriter.SaveAsync(database.Location, report, isDemo: false, ct);

        await using var db = await database.OpenAsync(ct);
        var stored = await new ProfileStore(db).GetAsync(id, ct);
        Assert.NotNull(stored);
        Assert.Equal(ScanReportJson.Serialize(report), ScanReportJson.Serialize(stored.Report));
        Assert.Equal((report.ScannedAt, "workstation", false), (stored.TakenAt, stored.HostName, stored.HostIsDemo));
        Assert.Equal(id, (await new ProfileStore(db).GetLatestAsync("workstation", ct))!.Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SaveAsync_HostStoredByProfileStore_AddsToThatHost(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await database.OpenAsync(ct))
        {
            await new ProfileStore(db).SaveAsync(ProfileComparisonReports.Workstation(scannedAt: Monday), ct);
        }

        await ProfileWriter.SaveAsync(database.Location, ProfileComparisonReports.Workstation(scannedAt: Monday.AddDays(1)), isDemo: false, ct);

        await using var reopened = await database.OpenAsync(ct);
        var host = Assert.Single(await new ProfileStore(reopened).ListHostsAsync(ct));
        Assert.Equal((Monday, Monday.AddDays(1), 2), (host.FirstSeen, host.LastSeen, host.ProfileCount));
    }

    /// <summary>Everything EF Core reads back of the hosts and of every profile's row.</summary>
    private sealed record Contents(IReadOnlyList<HostSummary> Hosts, IReadOnlyList<string> Profiles);

    private static void AssertSameRows(Contents expected, Contents actual)
    {
        Assert.Equal(expected.Hosts, actual.Hosts);
        Assert.Equal(expected.Profiles, actual.Profiles);
    }

    private async Task<(Contents Written, Contents Stored)> BothWaysAsync(DatabaseProvider provider, IReadOnlyList<(ScanReport Report, bool IsDemo)> scans)
    {
        var ct = TestContext.Current.CancellationToken;
        using var viaSql = await Scaling.TestDatabase.CreateAsync(provider, servers);
        using var viaEf = await Scaling.TestDatabase.CreateAsync(provider, servers);
        await PassthroughDatabase.EnsureMigratedAsync(viaSql.Location, ct);
        foreach (var (report, isDemo) in scans) await ProfileWriter.SaveAsync(viaSql.Location, report, isDemo, ct);
        await using (var db = await viaEf.OpenAsync(ct))
        {
            foreach (var (report, isDemo) in scans) await new ProfileStore(db).SaveAsync(report, isDemo, ct);
        }
        return (await ReadAsync(viaSql, ct), await ReadAsync(viaEf, ct));
    }

    private static async Task<Contents> ReadAsync(Scaling.TestDatabase database, CancellationToken ct)
    {
        await using var db = await database.OpenAsync(ct);
        var hosts = await new ProfileStore(db).ListHostsAsync(ct);
        var profiles = await db.HardwareProfiles.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.HostId, HostName = p.Host!.Name, p.TakenAt, p.ReportJson, p.CpuVendor, p.IommuEnabled, p.GroupCount, p.DeviceCount, p.GpuCount })
            .ToListAsync(ct);
        return new Contents(hosts, [.. profiles.Select(p => p.ToString() ?? "")]);
    }
}
