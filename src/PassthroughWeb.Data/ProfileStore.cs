using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>
/// Stores scans as hardware profiles of their host and reads them back. The caller owns the context
/// (one per operation in the web app, one per run in the CLI). <see cref="ProfileWriter"/> stores a scan the same way
/// without EF Core, for the CLI's <c>scan</c>.
/// </summary>
public sealed class ProfileStore(PassthroughDbContext db)
{
    /// <summary>Stores <paramref name="report"/> as a new profile of the real host it names; returns the profile's id.</summary>
    public Task<int> SaveAsync(ScanReport report, CancellationToken ct) => SaveAsync(report, isDemo: false, ct);

    /// <summary>
    /// Stores <paramref name="report"/> as a new profile of the host named <see cref="ScanReport.HostName"/>, adding the
    /// host the first time it is seen; returns the profile's id.
    /// </summary>
    public Task<int> SaveAsync(ScanReport report, bool isDemo, CancellationToken ct) => SaveAsync(report, isDemo, HostSource.Local, ct);

    /// <summary>
    /// The same, for a host the app learns about from <paramref name="source"/> (an agent's report). The host's root is
    /// then a path on that host, never one on this machine: the step operations check the source before they read it.
    /// </summary>
    public async Task<int> SaveAsync(ScanReport report, bool isDemo, HostSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var host = await db.Hosts.SingleOrDefaultAsync(h => h.Name == report.HostName, ct);
        if (host is null)
        {
            host = new ManagedHost { Name = report.HostName, Root = report.Root, FirstSeen = report.ScannedAt };
            db.Hosts.Add(host);
        }
        host.Root = report.Root;
        host.IsDemo = isDemo;
        host.Source = source;
        if (report.ScannedAt > host.LastSeen) host.LastSeen = report.ScannedAt;

        var profile = ProfileOf(report);
        profile.Host = host;
        db.HardwareProfiles.Add(profile);
        await db.SaveChangesAsync(ct);
        return profile.Id;
    }

    /// <summary>
    /// Stores a report built from an imported listing as a new profile of an imported host (<see cref="HostSource.Import"/>),
    /// adding the host the first time; returns the profile's id, or null when the name belongs to a host this app scans
    /// or an agent reports: an import never stands in for a real host's profile.
    /// </summary>
    public async Task<int?> SaveImportAsync(ScanReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Import is null) throw new ArgumentException("The report was not built from an imported listing.", nameof(report));
        var host = await db.Hosts.SingleOrDefaultAsync(h => h.Name == report.HostName, ct);
        if (host is { Source: not HostSource.Import }) return null;
        if (host is null)
        {
            host = new ManagedHost { Name = report.HostName, Root = report.Root, FirstSeen = report.ScannedAt, Source = HostSource.Import };
            db.Hosts.Add(host);
        }
        if (report.ScannedAt > host.LastSeen) host.LastSeen = report.ScannedAt;
        var profile = ProfileOf(report);
        profile.Host = host;
        db.HardwareProfiles.Add(profile);
        await db.SaveChangesAsync(ct);
        return profile.Id;
    }

    /// <summary>Moves the host's LastSeen forward to <paramref name="at"/> (an agent seen until it disconnected); never back.</summary>
    public async Task TouchAsync(string hostName, DateTimeOffset at, CancellationToken ct)
    {
        var host = await db.Hosts.SingleOrDefaultAsync(h => h.Name == hostName, ct);
        if (host is null || host.LastSeen >= at) return;
        host.LastSeen = at;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Keeps the steps an agent's host's agent reported with it (the newest report wins).</summary>
    public async Task SaveReportedStepsAsync(string hostName, string stepsJson, CancellationToken ct)
    {
        var host = await db.Hosts.SingleOrDefaultAsync(h => h.Name == hostName, ct);
        if (host is null) return;
        host.ReportedStepsJson = stepsJson;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The row of a scan, without its host: the one place that says what the summary columns hold.</summary>
    internal static HardwareProfile ProfileOf(ScanReport report) => new()
    {
        TakenAt = report.ScannedAt,
        ReportJson = ScanReportJson.Serialize(report),
        CpuVendor = report.Cpu.Vendor.ToString().ToLowerInvariant(),
        IommuEnabled = report.Iommu.Enabled,
        GroupCount = report.Iommu.GroupCount,
        DeviceCount = report.Devices.Count,
        GpuCount = report.Gpus.Count,
    };

    /// <summary>Every known host, real ones first, then by name.</summary>
    public async Task<IReadOnlyList<HostSummary>> ListHostsAsync(CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking()
            .Select(ToSummary)
            .ToListAsync(ct);
        return [.. hosts.OrderBy(h => h.IsDemo).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase)];
    }

    // One projection for every query that lists hosts, translated to SQL by EF.
    private static readonly System.Linq.Expressions.Expression<Func<ManagedHost, HostSummary>> ToSummary = h => new HostSummary
    {
        Name = h.Name,
        Root = h.Root,
        FirstSeen = h.FirstSeen,
        LastSeen = h.LastSeen,
        IsDemo = h.IsDemo,
        Source = h.Source,
        ProfileCount = h.Profiles.Count,
        ReportedStepsJson = h.ReportedStepsJson,
    };

    public async Task<HostSummary?> FindHostAsync(string name, CancellationToken ct) =>
        await db.Hosts.AsNoTracking()
            .Where(h => h.Name == name)
            .Select(ToSummary)
            .SingleOrDefaultAsync(ct);

    /// <summary>The host's profiles, newest first.</summary>
    public async Task<IReadOnlyList<ProfileSummary>> ListProfilesAsync(string hostName, CancellationToken ct) =>
        await db.HardwareProfiles.AsNoTracking()
            .Where(p => p.Host!.Name == hostName)
            .OrderByDescending(p => p.TakenAt).ThenByDescending(p => p.Id)
            .Select(p => new ProfileSummary
            {
                Id = p.Id,
                HostName = p.Host!.Name,
                TakenAt = p.TakenAt,
                CpuVendor = p.CpuVendor,
                IommuEnabled = p.IommuEnabled,
                GroupCount = p.GroupCount,
                DeviceCount = p.DeviceCount,
                GpuCount = p.GpuCount,
            })
            .ToListAsync(ct);

    /// <summary>The host's newest profile, or null when the host is unknown or has none.</summary>
    public async Task<StoredProfile?> GetLatestAsync(string hostName, CancellationToken ct)
    {
        var row = await db.HardwareProfiles.AsNoTracking()
            .Where(p => p.Host!.Name == hostName)
            .OrderByDescending(p => p.TakenAt).ThenByDescending(p => p.Id)
            .Select(p => new { p.Id, HostName = p.Host!.Name, p.Host.IsDemo, p.TakenAt, p.ReportJson })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : Read(row.Id, row.HostName, row.IsDemo, row.TakenAt, row.ReportJson);
    }

    /// <summary>One profile by id, or null when there is none with that id.</summary>
    public async Task<StoredProfile?> GetAsync(int profileId, CancellationToken ct)
    {
        var row = await db.HardwareProfiles.AsNoTracking()
            .Where(p => p.Id == profileId)
            .Select(p => new { p.Id, HostName = p.Host!.Name, p.Host.IsDemo, p.TakenAt, p.ReportJson })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : Read(row.Id, row.HostName, row.IsDemo, row.TakenAt, row.ReportJson);
    }

    private static StoredProfile Read(int id, string hostName, bool isDemo, DateTimeOffset takenAt, string json) => new()
    {
        Id = id,
        HostName = hostName,
        HostIsDemo = isDemo,
        TakenAt = takenAt,
        Report = ScanReportJson.Deserialize(json),
    };
}
