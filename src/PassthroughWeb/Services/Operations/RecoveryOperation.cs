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
    ILogger<RecoveryOperation> logger)
{
    public async Task RecoverAndVerifyAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = actor.Name;
        var recovery = new InterruptedChangeRecovery(runner, journal, time, engine.CommandPolicy, events);
        foreach (var recovered in await recovery.RecoverAsync(ct))
        {
            var set = await journal.GetAsync(recovered.ChangeSetId, ct);
            logger.LogWarning("Change set {ChangeSetId} was interrupted and recovered at start-up: {Files} file(s) put back", recovered.ChangeSetId, recovered.RestoredFiles.Count);
            await using var db = await databases.CreateDbContextAsync(ct);
            await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = set?.Host ?? "",
                Kind = StepHistoryStore.RecoveryEvent,
                At = time.GetUtcNow(),
                User = user,
                ChangeSetId = recovered.ChangeSetId,
                Passed = recovered.Error is null,
                Summary = set?.Error?.Message ?? $"Change set {recovered.ChangeSetId} was recovered at start-up.",
            }, ct);
        }

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
