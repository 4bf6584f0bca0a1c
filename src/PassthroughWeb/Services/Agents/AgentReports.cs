using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// Stores what an agent reports as its host's newest profile, through the same path a local scan is stored by
/// (<see cref="HostScanService.StoreAsync(ScanReport, bool, string, HostSource, CancellationToken)"/>: <see cref="ScanStored"/>
/// on the host's feed, and drift against what the agent says its applied steps stand on), and keeps the steps it reported,
/// so the host's pages show them while it is offline. An agent may report only the host its token is bound to.
/// </summary>
public sealed class AgentReports(IDbContextFactory<PassthroughDbContext> databases, AgentConnections connections, HostScanService scans, TimeProvider time, ILogger<AgentReports> logger)
{
    /// <summary>Null when stored; otherwise why the report was refused, in words for the agent's operator.</summary>
    public async Task<string?> StoreAsync(string boundHost, string connectionId, AgentReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!string.Equals(report.HostName, boundHost, StringComparison.Ordinal))
            return $"This agent token is for the host {boundHost}, but the agent reports itself as {report.HostName}: run it with --name {boundHost}, or make a token for {report.HostName} (`PassthroughWeb token create --agent {report.HostName}` on the hub).";
        ScanReport scan;
        try
        {
            scan = ScanReportJson.Deserialize(report.ProfileJson);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            return $"The hub cannot read the profile the agent sent (is the agent of another version than the hub?): {e.Message}";
        }
        if (!string.Equals(scan.HostName, boundHost, StringComparison.Ordinal))
            return $"The profile the agent sent is of {scan.HostName}, not of {boundHost}, the host its token is for.";
        IReadOnlyList<Core.Drift.DeviceExpectation>? planned;
        try
        {
            planned = report.PlannedDevicesJson is { } json ? ChangeSetJson.Deserialize<List<Core.Drift.DeviceExpectation>>(json) : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return $"The hub cannot read the planned devices the agent sent (is the agent of another version than the hub?): {e.Message}";
        }
        await using var db = await databases.CreateDbContextAsync(ct);
        var store = new ProfileStore(db);
        if (await store.FindHostAsync(boundHost, ct) is { Source: not HostSource.Agent } known)
            return $"The hub already knows a host named {boundHost} that it reads itself ({known.Source.ToString().ToLowerInvariant()}, root {known.Root}): an agent cannot report under that name. Give the agent another --name and a token for it.";
        var now = time.GetUtcNow();
        // What the applied steps stand on first: the scan's drift is measured against the agent's word of now.
        if (planned is not null) await new PlannedDeviceStore(db).ReplaceAllAsync(boundHost, planned, now, ct);
        var id = await scans.StoreAsync(scan, isDemo: false, "agent", HostSource.Agent, ct);
        await store.SaveReportedStepsAsync(boundHost, AgentProgress.Serialize(report.Steps), ct);
        await store.TouchAsync(boundHost, now, ct);
        connections.Reported(boundHost, connectionId, report);
        logger.LogInformation("Stored profile {ProfileId} of {Host} reported by its agent {Version} ({DeviceCount} devices, {GpuCount} GPUs, boot {BootId})",
            id, boundHost, report.AgentVersion ?? "?", scan.Devices.Count, scan.Gpus.Count, report.BootId ?? "unknown");
        return null;
    }

    /// <summary>Records that the host was seen until now (its agent just disconnected).</summary>
    public async Task SeenAsync(string host, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await new ProfileStore(db).TouchAsync(host, time.GetUtcNow(), ct);
    }
}
