using System.Text.Json;
using Microsoft.Data.Sqlite;
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
    : IDisposable
{
    // One agent's write at a time: SQLite has one writer, and two of EF Core's write transactions that meet fail at once
    // with "database is locked" instead of waiting (a fleet reconnecting after a hub restart did so from 20 agents on;
    // docs/performance.md, "A fleet of agents").
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
        IReadOnlyList<Core.Drift.DeviceExpectation>? planned;
        try
        {
            planned = report.PlannedDevicesJson is { } json ? ChangeSetJson.Deserialize<List<Core.Drift.DeviceExpectation>>(json) : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return $"The hub cannot read the planned devices the agent sent (is the agent of another version than the hub?): {e.Message}";
        }
        var refusal = await WriteAsync(async db =>
        {
            if (await new ProfileStore(db).FindHostAsync(boundHost, ct) is { Source: not HostSource.Agent } known)
                return $"The hub already knows a host named {boundHost} that it reads itself ({known.Source.ToString().ToLowerInvariant()}, root {known.Root}): an agent cannot report under that name. Give the agent another --name and a token for it.";
            // What the applied steps stand on first: the scan's drift is measured against the agent's word of now.
            if (planned is not null) await new PlannedDeviceStore(db).ReplaceAllAsync(boundHost, planned, time.GetUtcNow(), ct);
            return null;
        }, ct);
        if (refusal is not null) return refusal;
        // A failed store published nothing and stored nothing, so it is tried again like the other writes.
        var id = await WriteAsync(_ => scans.StoreAsync(scan, isDemo: false, "agent", HostSource.Agent, ct), ct);
        await WriteAsync(async db =>
        {
            var store = new ProfileStore(db);
            await store.SaveReportedStepsAsync(boundHost, AgentProgress.Serialize(report.Steps), ct);
            await store.TouchAsync(boundHost, time.GetUtcNow(), ct);
            return true;
        }, ct);
        connections.Reported(boundHost, connectionId, report);
        logger.LogInformation("Stored profile {ProfileId} of {Host} reported by its agent {Version} ({DeviceCount} devices, {GpuCount} GPUs, boot {BootId})",
            id, boundHost, report.AgentVersion ?? "?", scan.Devices.Count, scan.Gpus.Count, report.BootId ?? "unknown");
        return null;
    }

    /// <summary>Records that the host was seen until now (its agent just disconnected).</summary>
    public Task SeenAsync(string host, CancellationToken ct) => WriteAsync(async db =>
    {
        await new ProfileStore(db).TouchAsync(host, time.GetUtcNow(), ct);
        return true;
    }, ct);

    /// <summary>
    /// One write, in line with this hub's other agent writes, on a context of its own; tried again, briefly, while
    /// SQLite answers that another connection holds the database. A commit that meets a reader fails at once with
    /// "database is locked" (Microsoft.Data.Sqlite retries a statement, not the commit that ends it), and a failed
    /// write changed nothing, so trying it again is safe.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<PassthroughDbContext, Task<T>> write, CancellationToken ct)
    {
        await _writes.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await using var db = await databases.CreateDbContextAsync(ct);
                    return await write(db);
                }
                catch (Exception e) when (attempt < BusyBackOff.Length && IsBusy(e))
                {
                    logger.LogDebug("The database was busy; writing again in {Delay} ms.", BusyBackOff[attempt].TotalMilliseconds);
                    await Task.Delay(BusyBackOff[attempt], ct);
                }
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>About two seconds in all: longer, and the agent's own retry (a new connection after its back-off) takes over.</summary>
    private static readonly TimeSpan[] BusyBackOff = [.. new[] { 10, 20, 50, 100, 200, 500, 1000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private static bool IsBusy(Exception e) =>
        (e as SqliteException ?? e.InnerException as SqliteException) is { SqliteErrorCode: SqliteBusy or SqliteLocked };

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public void Dispose() => _writes.Dispose();
}
