using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>Scans a host root and stores the result as a new hardware profile of its host.</summary>
public sealed class HostScanService(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time, IHostEventPublisher events, ILogger<HostScanService> logger)
{
    /// <summary>Scans <paramref name="root"/> (which must exist) and stores the profile; returns its id. For start-up and the CLI's own scan, not for a page.</summary>
    public async Task<int> ScanAndStoreAsync(string root, string? hostName, bool isDemo, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var hostRoot = new HostRoot(root);
        // Reading sysfs is synchronous file I/O; keep it off the circuit's thread.
        var report = await Task.Run(() => new HostScanner(time).Scan(hostRoot, hostName), ct);
        var scanned = time.GetElapsedTime(started);
        var id = await StoreAsync(report, isDemo, isDemo ? "demo" : "local", ct);
        logger.LogInformation("Stored profile {ProfileId} of {HostName} ({DeviceCount} devices, {GpuCount} GPUs) from {Root}: scan {ScanMs:F0} ms, total {TotalMs:F0} ms",
            id, report.HostName, report.Devices.Count, report.Gpus.Count, report.Root, scanned.TotalMilliseconds, time.GetElapsedTime(started).TotalMilliseconds);
        return id;
    }

    /// <summary>
    /// Stores a report as the newest profile of its host and says so on the feed; when it contradicts what the host's
    /// applied steps stand on (a card moved, the groups changed …), says that too (<see cref="DriftDetected"/>). Every
    /// profile the web app keeps comes through here, whoever read it (<paramref name="source"/>: local, demo, an agent, an import).
    /// </summary>
    public Task<int> StoreAsync(ScanReport report, bool isDemo, string source, CancellationToken ct) =>
        StoreAsync(report, isDemo, source, HostSource.Local, ct);

    /// <summary>As <see cref="StoreAsync(ScanReport, bool, string, CancellationToken)"/>, for a host of <paramref name="kind"/> (an agent's host).</summary>
    public async Task<int> StoreAsync(ScanReport report, bool isDemo, string source, HostSource kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var db = await databases.CreateDbContextAsync(ct);
        var id = await new ProfileStore(db).SaveAsync(report, isDemo, kind, ct);
        events.Publish(new ScanStored { Host = report.HostName, DeviceCount = report.Devices.Count, GpuCount = report.Gpus.Count, Source = source });
        var drift = DriftDetector.Detect(await new PlannedDeviceStore(db).ListAsync(report.HostName, ct), report);
        if (!drift.IsEmpty)
        {
            logger.LogWarning("Profile {ProfileId} of {HostName} differs from what its applied steps stand on: {Differences}", id, report.HostName, string.Join(" ", drift.Differences.Select(d => d.Difference)));
            events.Publish(DriftDetected.Of(report.HostName, drift));
        }
        return id;
    }

    /// <summary>Scans a known host again, from the root it was scanned from, keeping its name. Needs the Operator role (it stores a profile).</summary>
    public async Task<RescanResult> RescanAsync(string hostName, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "scan hosts") is { } denied) return RescanResult.NotAllowed(denied);
        logger.LogInformation("Rescan of {HostName} asked by {User} ({Method})", hostName, actor.Name, actor.Method);
        HostSummary? host;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            host = await new ProfileStore(db).FindHostAsync(hostName, ct);
        }
        if (host is null) return RescanResult.Failed($"There is no host named '{hostName}'.");
        if (host.Source == HostSource.Import) return RescanResult.Failed(ImportedHosts.ReadOnly(host.Name));
        // Its root is a path on the agent's machine: scanning it here would scan this machine under the agent's name.
        if (host.Source == HostSource.Agent)
            return RescanResult.Failed($"{host.Name} is reported by its agent, which sends a new scan each time it connects: restart the agent on {host.Name} (systemctl restart passthroughweb-agent) to rescan it.");
        if (!Directory.Exists(host.Root))
            return RescanResult.Failed($"The host root '{host.Root}' that '{hostName}' was scanned from is no longer there.");
        return RescanResult.Stored(await ScanAndStoreAsync(host.Root, host.Name, host.IsDemo, ct));
    }
}
