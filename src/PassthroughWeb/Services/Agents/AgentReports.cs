using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// Stores what an agent reports as its host's newest profile, through the same profile storage a local scan uses, and
/// publishes <see cref="ScanStored"/> on the host's feed. An agent may report only the host its token is bound to.
/// </summary>
public sealed class AgentReports(IDbContextFactory<PassthroughDbContext> databases, AgentConnections connections, IHostEventPublisher events, TimeProvider time, ILogger<AgentReports> logger)
    : IDisposable
{
    // One agent's write at a time: SQLite has one writer, and two of EF Core's write transactions that meet fail at once
    // with "database is locked" instead of waiting (a fleet reconnecting after a hub restart did so from 20 agents on;
    // docs/performance.md, "A fleet of agents"). In line, a thousand reports take seconds.
    private readonly SemaphoreSlim _writes = new(1, 1);

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
        int id;
        await _writes.WaitAsync(ct);
        try
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            var store = new ProfileStore(db);
            if (await store.FindHostAsync(boundHost, ct) is { Source: not HostSource.Agent } known)
                return $"The hub already knows a host named {boundHost} that it reads itself ({known.Source.ToString().ToLowerInvariant()}, root {known.Root}): an agent cannot report under that name. Give the agent another --name and a token for it.";
            id = await store.SaveAsync(scan, isDemo: false, HostSource.Agent, ct);
            await store.TouchAsync(boundHost, time.GetUtcNow(), ct);
        }
        finally
        {
            _writes.Release();
        }
        connections.Reported(boundHost, connectionId, report);
        events.Publish(new ScanStored { Host = boundHost, DeviceCount = scan.Devices.Count, GpuCount = scan.Gpus.Count, Source = "agent" });
        logger.LogInformation("Stored profile {ProfileId} of {Host} reported by its agent {Version} ({DeviceCount} devices, {GpuCount} GPUs, boot {BootId})",
            id, boundHost, report.AgentVersion ?? "?", scan.Devices.Count, scan.Gpus.Count, report.BootId ?? "unknown");
        return null;
    }

    /// <summary>Records that the host was seen until now (its agent just disconnected).</summary>
    public async Task SeenAsync(string host, CancellationToken ct)
    {
        await _writes.WaitAsync(ct);
        try
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            await new ProfileStore(db).TouchAsync(host, time.GetUtcNow(), ct);
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose() => _writes.Dispose();
}
