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
/// With several hub instances every instance's driver hears every report (the feed is shared through Redis): the
/// rollout's lease (<see cref="RolloutLease"/>) lets one of them act, the others try again a moment later and then find
/// nothing left to do; and every lease duration each driver takes over the rollouts whose holder stopped renewing.
/// </summary>
public sealed class RolloutDriver(RolloutRunner runner, RolloutLease lease, HostEventFeed feed, IDbContextFactory<PassthroughDbContext> databases,
    TimeProvider time, ILogger<RolloutDriver> logger) : BackgroundService
{
    private readonly Channel<(string Id, string? VerifyHost)> _work = Channel.CreateUnbounded<(string, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Asks the driver to move the rollout on (after a start), or to verify one of its hosts first.</summary>
    public void Enqueue(string id, string? verifyHost = null) => _work.Writer.TryWrite((id, verifyHost));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribed before resuming, so a report arriving meanwhile is not missed.
        using var subscription = feed.Subscribe(null, stoppingToken);
        var reports = WatchReportsAsync(subscription, stoppingToken);
        var abandoned = TakeOverAbandonedAsync(stoppingToken);
        foreach (var rollout in await RunningAsync(stoppingToken))
        {
            logger.LogInformation("Resuming rollout {RolloutId}", rollout.Id);
            Enqueue(rollout.Id, verifyHost: "");
        }
        await foreach (var (id, verifyHost) in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var done = await runner.UnderLockAsync(id, async () =>
                {
                    // "" verifies every waiting host (the resume); a name verifies that host; null only advances.
                    if (verifyHost is not null) await runner.VerifyWaitingAsync(id, verifyHost.Length == 0 ? null : verifyHost, stoppingToken);
                    else await runner.AdvanceAsync(id, stoppingToken);
                    return true;
                }, _ => false, stoppingToken);
                // Another instance moves it on now: asked again once that is likely over, this finds the rollout as it
                // left it (the same report heard twice verifies nothing twice: the host no longer waits).
                if (!done) _ = EnqueueLaterAsync(id, verifyHost, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A database or host error must not end the driver: the rollout stays as stored, the next trigger retries.
                logger.LogError(e, "Rollout {RolloutId} could not move on", id);
            }
        }
        await reports;
        await abandoned;
    }

    private async Task EnqueueLaterAsync(string id, string? verifyHost, CancellationToken ct)
    {
        try
        {
            await Task.Delay(lease.Duration / 3, time, ct);
            Enqueue(id, verifyHost);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TakeOverAbandonedAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(lease.Duration, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    foreach (var id in await lease.AbandonedAsync(ct))
                    {
                        logger.LogWarning("Rollout {RolloutId}: the hub instance moving it on stopped renewing its lease; this one takes over", id);
                        Enqueue(id, verifyHost: "");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The rollouts left by a stopped hub instance could not be read");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
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
