using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>The plain-SQL writer of <c>scan</c> must leave exactly the rows EF Core's <see cref="ProfileStore"/> leaves.</summary>
public sealed class ProfileWriterTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task SaveAsync_NewHost_LeavesTheRowsProfileStoreLeaves()
    {
        var scans = new[] { (ProfileComparisonReports.Workstation(scannedAt: Monday), false) };

        var (written, stored) = await BothWaysAsync(scans);

        AssertSameRows(stored, written);
        Assert.Single(written.Hosts);
    }

    [Fact]
    public async Task SaveAsync_LaterEarlierAndDemoScans_KeepFirstSeenMoveLastSeenForwardOnlyAndTakeRootAndDemoFlag()
    {
        var scans = new[]
        {
            (ProfileComparisonReports.Workstation(scannedAt: Monday), false),
            (ProfileComparisonReports.Workstation(ProfileComparisonReports.WorkstationDevices("vfio-pci"), scannedAt: Monday.AddDays(2)), false),
            // Stored late, taken early: LastSeen stays at the newest scan.
            (ProfileComparisonReports.Workstation(scannedAt: Monday.AddDays(1)) with { Root = "/srv/hosts/workstation" }, true),
            (ProfileComparisonReports.Workstation(hostName: "render-node", scannedAt: Monday.AddHours(5), iommuEnabled: false), false),
        };

        var (written, stored) = await BothWaysAsync(scans);

        AssertSameRows(stored, written);
        var workstation = written.Hosts.Single(h => h.Name == "workstation");
        Assert.Equal((Monday, Monday.AddDays(2), "/srv/hosts/workstation", true, 3), (workstation.FirstSeen, workstation.LastSeen, workstation.Root, workstation.IsDemo, workstation.ProfileCount));
    }

    [Fact]
    public async Task SaveAsync_ReadBackByProfileStore_GivesTheSameReport()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        var report = ProfileComparisonReports.Workstation(scannedAt: Monday);
        await PassthroughDatabase.EnsureMigratedAsync(temp.Path, ct);

        var id = await ProfileWriter.SaveAsync(temp.Path, report, isDemo: false, ct);

        await using var db = await PassthroughDatabase.OpenAsync(temp.Path, ct);
        var stored = await new ProfileStore(db).GetAsync(id, ct);
        Assert.NotNull(stored);
        Assert.Equal(ScanReportJson.Serialize(report), ScanReportJson.Serialize(stored.Report));
        Assert.Equal((report.ScannedAt, "workstation", false), (stored.TakenAt, stored.HostName, stored.HostIsDemo));
        Assert.Equal(id, (await new ProfileStore(db).GetLatestAsync("workstation", ct))!.Id);
    }

    [Fact]
    public async Task SaveAsync_HostStoredByProfileStore_AddsToThatHost()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            await new ProfileStore(db).SaveAsync(ProfileComparisonReports.Workstation(scannedAt: Monday), ct);
        }

        await ProfileWriter.SaveAsync(temp.Path, ProfileComparisonReports.Workstation(scannedAt: Monday.AddDays(1)), isDemo: false, ct);

        await using var reopened = await PassthroughDatabase.OpenAsync(temp.Path, ct);
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

    private static async Task<(Contents Written, Contents Stored)> BothWaysAsync(IReadOnlyList<(ScanReport Report, bool IsDemo)> scans)
    {
        var ct = TestContext.Current.CancellationToken;
        using var viaSql = new TemporaryDataDirectory();
        using var viaEf = new TemporaryDataDirectory();
        await PassthroughDatabase.EnsureMigratedAsync(viaSql.Path, ct);
        foreach (var (report, isDemo) in scans) await ProfileWriter.SaveAsync(viaSql.Path, report, isDemo, ct);
        await using (var db = await PassthroughDatabase.OpenAsync(viaEf.Path, ct))
        {
            foreach (var (report, isDemo) in scans) await new ProfileStore(db).SaveAsync(report, isDemo, ct);
        }
        return (await ReadAsync(viaSql.Path, ct), await ReadAsync(viaEf.Path, ct));
    }

    private static async Task<Contents> ReadAsync(string dataDirectory, CancellationToken ct)
    {
        await using var db = await PassthroughDatabase.OpenAsync(dataDirectory, ct);
        var hosts = await new ProfileStore(db).ListHostsAsync(ct);
        var profiles = await db.HardwareProfiles.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.HostId, HostName = p.Host!.Name, p.TakenAt, p.ReportJson, p.CpuVendor, p.IommuEnabled, p.GroupCount, p.DeviceCount, p.GpuCount })
            .ToListAsync(ct);
        return new Contents(hosts, [.. profiles.Select(p => p.ToString() ?? "")]);
    }
}
