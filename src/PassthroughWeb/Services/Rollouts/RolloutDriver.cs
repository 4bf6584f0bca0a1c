using System.Threading.Channels;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Rollouts;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Drives rollouts over time on the hub: resumes the running ones at start-up (verifying the hosts that waited, since
/// a reboot of this app's own host restarts it), applies a batch when it is due, and verifies a host that waits for its
/// reboot when its agent reports again (<see cref="ScanStored"/> from an agent: it reports at every connect, so after a
/// reboot). Reboots are the hosts' business: the driver only waits, and says so on the feed.
/// </summary>
public sealed class RolloutDriver(RolloutRunner runner, HostEventFeed feed, IDbContextFactory<PassthroughDbContext> databases, ILogger<RolloutDriver> logger) : BackgroundService
{
    private readonly Channel<(string Id, string? VerifyHost)> _work = Channel.CreateUnbounded<(string, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Asks the driver to move the rollout on (after a start), or to verify one of its hosts first.</summary>
    public void Enqueue(string id, string? verifyHost = null) => _work.Writer.TryWrite((id, verifyHost));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribed before resuming, so a report arriving meanwhile is not missed.
        using var subscription = feed.Subscribe(null, stoppingToken);
        var reports = WatchReportsAsync(subscription, stoppingToken);
        foreach (var rollout in await RunningAsync(stoppingToken))
        {
            logger.LogInformation("Resuming rollout {RolloutId}", rollout.Id);
            Enqueue(rollout.Id, verifyHost: "");
        }
        await foreach (var (id, verifyHost) in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await runner.UnderLockAsync(id, async () =>
                {
                    // "" verifies every waiting host (the resume); a name verifies that host; null only advances.
                    if (verifyHost is not null) await runner.VerifyWaitingAsync(id, verifyHost.Length == 0 ? null : verifyHost, stoppingToken);
                    else await runner.AdvanceAsync(id, stoppingToken);
                    return true;
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A database or host error must not end the driver: the rollout stays as stored, the next trigger retries.
                logger.LogError(e, "Rollout {RolloutId} could not move on", id);
            }
        }
        await reports;
    }

    private async Task WatchReportsAsync(HostEventSubscription subscription, CancellationToken ct)
    {
        try
        {
            await foreach (var hostEvent in subscription.Changes.WithCancellation(ct))
            {
                if (hostEvent is not ScanStored { Source: "agent" } report) continue;
                try
                {
                    foreach (var rollout in await RunningAsync(ct))
                        if (rollout.Find(report.Host) is { State: RolloutHostState.RebootNeeded })
                            Enqueue(rollout.Id, report.Host);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The rollouts waiting for {Host} could not be read", report.Host);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<Rollout>> RunningAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new RolloutStore(db).ListAsync(RolloutState.Running, limit: 1000, ct);
    }
}
