using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Undoes what a crash left half applied or half rolled back, then verifies by itself every applied set whose host has
/// rebooted since (its boot id changed), recording each result in the history.
/// </summary>
public sealed class RecoveryOperation(
    VerifyOperation verifier,
    IDbContextFactory<PassthroughDbContext> databases,
    IChangeJournal journal,
    ICommandRunner runner,
    TimeProvider time,
    EngineOptions engine,
    IHostEventPublisher events,
    Locking.HostChangeGate gate,
    ILogger<RecoveryOperation> logger)
{
    /// <summary>At the start of <c>serve</c>: <see cref="RecoverInterruptedAsync"/>, then <see cref="VerifyAfterRebootAsync"/>.</summary>
    public async Task RecoverAndVerifyAsync(Actor actor, CancellationToken ct)
    {
        await RecoverInterruptedAsync(actor, ct);
        await VerifyAfterRebootAsync(actor, ct);
    }

    /// <summary>
    /// Finishes every change set a crash, a power cut or a kill left incomplete, and records each in the history.
    /// Every door that opens the data directory calls it first (each CLI verb, <c>serve</c>), so the host is never
    /// changed again on top of a half-applied set. A set whose host lock is held is being worked on by a living
    /// process (the web app, another verb) and is left alone. Costs one plain query when nothing is incomplete.
    /// </summary>
    public async Task<IReadOnlyList<RecoveredChangeSet>> RecoverInterruptedAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!EfChangeJournal.HasIncomplete(engine.Database)) return [];
        var recovery = new InterruptedChangeRecovery(runner, journal, time, engine.CommandPolicy, events);
        var recovered = new List<RecoveredChangeSet>();
        foreach (var set in await journal.FindIncompleteAsync(ct))
        {
            await using var passage = await gate.EnterAsync(set.Host, Locking.ChangeActivity.Recovery(actor.Name, set.Id), ct);
            if (passage.Refusal is not null) continue;
            // Read again under the lock: the set's own process may have completed it just before it let go.
            if (await journal.GetAsync(set.Id, ct) is not { State: ChangeSetState.InProgress or ChangeSetState.RollingBack } current) continue;
            var result = await recovery.RecoverAsync(current);
            var completed = await journal.GetAsync(set.Id, ct);
            var summary = completed?.Error?.Message ?? $"Change set {set.Id} was recovered.";
            logger.LogWarning("Change set {ChangeSetId} of {Host} was interrupted and has been recovered: {Files} file(s) put back", set.Id, set.Host, result.RestoredFiles.Count);
            await using var db = await databases.CreateDbContextAsync(ct);
            await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = set.Host,
                Kind = StepHistoryStore.RecoveryEvent,
                At = time.GetUtcNow(),
                User = actor.Name,
                ChangeSetId = set.Id,
                Passed = result.Error is null,
                Summary = summary,
            }, ct);
            recovered.Add(new RecoveredChangeSet(set.Id, set.Host, result.State, result.RestoredFiles, summary));
        }
        return recovered;
    }

    /// <summary>Verifies by itself every applied set whose host has rebooted since (its boot id changed).</summary>
    public async Task VerifyAfterRebootAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = actor.Name;
        IReadOnlyList<ChangeSetRecord> unverified;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            unverified = await new StepHistoryStore(db).ListUnverifiedAppliedAsync(ct);
        }
        foreach (var record in unverified)
        {
            if (!Directory.Exists(record.RootPath)) continue;
            var root = new HostRoot(record.RootPath);
            var now = BootId.Read(root);
            if (record.BootId is null || now is null || now == record.BootId) continue;
            var verification = await verifier.VerifyAndRecordAsync(record, root, user, automatic: true, ct);
            logger.LogInformation("Change set {ChangeSetId} of {Host} verified after the reboot: {Passed}", record.Id, record.HostName, verification.Passed);
        }
    }
}
