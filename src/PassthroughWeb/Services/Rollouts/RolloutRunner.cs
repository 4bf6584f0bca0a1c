using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;
using PassthroughWeb.Services.Operations;
using O = PassthroughWeb.Core.Rollouts.RolloutHostOutcome;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Carries out what <see cref="RolloutRules"/> decide: applies the canary and then each batch, verifies the hosts that
/// wait for their reboot, rolls back what was applied. Every change is stored before the next step, published on the
/// host's feed (<see cref="RolloutProgress"/>), and made under the rollout's own lock, so the driver and the doors never
/// move one rollout at the same time.
/// </summary>
public sealed class RolloutRunner(IDbContextFactory<PassthroughDbContext> databases, HostLookup hosts, RolloutHostSteps steps, HistoryRecorder history,
    IHostEventPublisher events, RolloutLease lease, TimeProvider time, ILogger<RolloutRunner> logger)
{
    /// <summary>The kind of the history event that ties a host's change set to its rollout.</summary>
    public const string HistoryKind = "rollout";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="work"/> while holding the rollout's lock: in this process a semaphore (the driver and the
    /// doors wait for each other), across hub instances the rollout's <see cref="RolloutLease"/>, renewed while the work
    /// runs and given back after it. When another instance holds the lease the work does not run:
    /// <paramref name="heldElsewhere"/> answers instead.
    /// </summary>
    public async Task<T> UnderLockAsync<T>(string id, Func<Task<T>> work, Func<RolloutLeaseHeld, T> heldElsewhere, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(heldElsewhere);
        var gate = _locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (await lease.TryTakeAsync(id, ct) is { } held) return heldElsewhere(held);
            using var stopRenewing = new CancellationTokenSource();
            var renewing = RenewAsync(id, stopRenewing.Token);
            try
            {
                return await work();
            }
            finally
            {
                await stopRenewing.CancelAsync();
                await renewing;
                try
                {
                    await lease.ReleaseAsync(id, CancellationToken.None);
                }
                catch (Exception e)
                {
                    // Not given back: it expires on its own and the next instance that asks takes it.
                    logger.LogWarning(e, "The lease of rollout {RolloutId} could not be given back", id);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RenewAsync(string id, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease.Duration / 3, time, stop);
                try
                {
                    if (!await lease.RenewAsync(id, stop))
                        logger.LogError("Rollout {RolloutId}: another hub instance took its lease while this one was still moving it on (was the database out of reach for longer than {Duration}?)", id, lease.Duration);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The lease of rollout {RolloutId} could not be renewed; trying again", id);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async Task<Rollout?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new RolloutStore(db).FindAsync(id, ct);
    }

    /// <summary>Stores the rollout and tells the feed how <paramref name="host"/> stands in it now.</summary>
    public async Task SaveAsync(Rollout rollout, string host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        await using (var db = await databases.CreateDbContextAsync(CancellationToken.None))
            await new RolloutStore(db).SaveAsync(rollout, CancellationToken.None);
        Publish(rollout, host);
        ct.ThrowIfCancellationRequested();
    }

    public void Publish(Rollout rollout, string host)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var entry = rollout.Find(host)!;
        events.Publish(new RolloutProgress
        {
            Host = host,
            User = rollout.StartedBy ?? rollout.CreatedBy,
            ChangeSetId = entry.ChangeSetId,
            RolloutId = rollout.Id,
            Batch = entry.Batch,
            State = JsonNamingPolicy.CamelCase.ConvertName(entry.State.ToString()),
            RolloutState = JsonNamingPolicy.CamelCase.ConvertName(rollout.State.ToString()),
            Message = rollout.State is RolloutState.Stopped or RolloutState.Completed or RolloutState.RolledBack && rollout.Message is { } whole ? whole : entry.Message ?? "",
        });
    }

    /// <summary>
    /// Moves a running rollout as far as it goes without waiting: applies the next batch (its hosts one after the other,
    /// none after a failure) and returns when it waits for reboots or is finished. Call under the rollout's lock.
    /// </summary>
    public async Task AdvanceAsync(string id, CancellationToken ct)
    {
        while (await FindAsync(id, ct) is { } rollout)
        {
            switch (RolloutRules.Next(rollout))
            {
                case RolloutNext.Apply apply:
                    await ApplyBatchAsync(rollout, apply, ct);
                    continue;
                case RolloutNext.WaitForApply waiting:
                    // Only after a hub restart in the middle of an apply: whether it finished is the host's history's word.
                    foreach (var host in waiting.Hosts)
                        rollout = await RecordAsync(rollout, host, new O.ApplyFailed
                        {
                            Message = $"The hub stopped while {host} was being applied, so the rollout cannot know whether it finished: {host}'s history (GET /api/hosts/{host}/history) tells. Roll back what it shows, or verify it by hand.",
                        }, ct);
                    continue;
                default:
                    return;
            }
        }
    }

    /// <summary>Verifies the hosts that wait for their reboot (or only <paramref name="only"/>), then advances. Call under the rollout's lock.</summary>
    public async Task VerifyWaitingAsync(string id, string? only, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { State: RolloutState.Running } rollout) return;
        foreach (var waiting in rollout.Hosts.Where(h => h.State == RolloutHostState.RebootNeeded && (only is null || h.Name == only)).ToList())
        {
            if (await hosts.FindHostAsync(waiting.Name, ct) is not { } host)
            {
                rollout = await RecordAsync(rollout, waiting.Name, new O.VerificationFailed { Message = $"{waiting.Name} is no longer known to the hub." }, ct);
                continue;
            }
            rollout = await RecordAsync(rollout, waiting.Name, await steps.VerifyAsync(host, ActorOf(rollout), ct), ct);
        }
        await AdvanceAsync(id, ct);
    }

    /// <summary>Rolls back every change set the rollout applied, the last applied first. Call under the rollout's lock.</summary>
    public async Task<Rollout> RollbackAsync(Rollout rollout, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var by = ActorIn(rollout, actor.Name, actor.Role);
        foreach (var candidate in rollout.RollbackCandidates.Reverse().ToList())
        {
            var outcome = await hosts.FindHostAsync(candidate.Name, ct) is { } host
                ? await steps.RollbackAsync(host, candidate.ChangeSetId!.Value, by, ct)
                : new O.RollbackFailed { Message = $"{candidate.Name} is no longer known to the hub: roll back change set {candidate.ChangeSetId} on it by hand." };
            rollout = await RecordAsync(rollout, candidate.Name, outcome, ct);
            if (outcome is O.RolledBack)
                await history.RecordEventAsync(candidate.Name, HistoryKind, $"Change set {candidate.ChangeSetId} rolled back with rollout {rollout.Id}.", passed: null, actor.Name, CancellationToken.None, candidate.ChangeSetId);
        }
        return rollout;
    }

    private async Task ApplyBatchAsync(Rollout rollout, RolloutNext.Apply apply, CancellationToken ct)
    {
        logger.LogInformation("Rollout {RolloutId} applies batch {Batch}: {Hosts}", rollout.Id, apply.Batch, string.Join(", ", apply.Hosts));
        foreach (var name in apply.Hosts)
        {
            if (rollout.State != RolloutState.Running) return;
            var entry = rollout.Find(name)!;
            rollout = await RecordAsync(rollout, name, new O.ApplyStarted { Message = $"Applying plan {entry.PlanId} ({(entry.Batch == 0 ? "the canary" : $"batch {entry.Batch}")})." }, ct);
            var outcome = await hosts.FindHostAsync(name, ct) is { } host
                ? await steps.ApplyAsync(host, entry.PlanId!, ActorOf(rollout), ct)
                : new O.ApplyFailed { Message = $"{name} is no longer known to the hub." };
            rollout = await RecordAsync(rollout, name, outcome, ct);
            if (outcome is O.Applied applied)
                await history.RecordEventAsync(name, HistoryKind,
                    $"Change set {applied.ChangeSetId} applied by rollout {rollout.Id} ({(entry.Batch == 0 ? "canary" : $"batch {entry.Batch}")} of {rollout.Hosts.Count} hosts).",
                    passed: null, rollout.StartedBy!, CancellationToken.None, applied.ChangeSetId);
        }
    }

    private async Task<Rollout> RecordAsync(Rollout rollout, string host, O outcome, CancellationToken ct)
    {
        var next = RolloutRules.Record(rollout, host, outcome, time.GetUtcNow());
        // A host asked again that still waits for its reboot is no news for the feed.
        if (next.State == rollout.State && next.Find(host) is { } after && rollout.Find(host) is { } was && after.State == was.State && after.Message == was.Message) return rollout;
        await SaveAsync(next, host, ct);
        if (next.State != rollout.State)
            logger.LogInformation("Rollout {RolloutId} is {State}: {Message}", next.Id, next.State, next.Message);
        return next;
    }

    /// <summary>The Operator who started the rollout, named with it: the host's history (an agent's too) says which rollout applied it.</summary>
    private static Actor ActorOf(Rollout rollout) => ActorIn(rollout, rollout.StartedBy!, Role.Operator);

    private static Actor ActorIn(Rollout rollout, string user, Role role) => new($"{user} (rollout {rollout.Id})", role, AuthenticationMethod.Token);
}
