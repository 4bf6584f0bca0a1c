using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>Rolls a change set back byte for byte (files restored, VMs redefined or removed) and records it. Needs the Operator role.</summary>
public sealed class RollbackOperation(
    IDbContextFactory<PassthroughDbContext> databases,
    IChangeJournal journal,
    ICommandRunner runner,
    TimeProvider time,
    EngineOptions engine,
    IHostEventPublisher events,
    Locking.HostChangeGate gate,
    Drift.PlannedDeviceRecorder plannedDevices,
    ILogger<RollbackOperation> logger)
{
    public async Task<Permitted<RollbackResult>> RollbackAsync(Guid changeSetId, Actor actor, bool force, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "roll back changes") is { } denied) return new Permitted<RollbackResult>(denied);
        return new Permitted<RollbackResult>(await RollbackCoreAsync(changeSetId, actor, force, ct));
    }

    private async Task<RollbackResult> RollbackCoreAsync(Guid changeSetId, Actor actor, bool force, CancellationToken ct)
    {
        var user = actor.Name;
        var set = await journal.GetAsync(changeSetId, ct);
        if (set is null)
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = $"There is no change set {changeSetId}." } };
        if (set.RootPath == Core.Import.ListingImporter.ImportedRoot)
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = ImportedHosts.ReadOnly(set.Host) } };
        if (!Directory.Exists(set.RootPath))
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = $"The host root {set.RootPath} this change set was applied to no longer exists." } };
        RollbackResult result;
        await using (var passage = await gate.EnterAsync(set.Host, Locking.ChangeActivity.Rollback(user, changeSetId), ct))
        {
            if (passage.Refusal is { } busy)
                return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Busy, Error = new ChangeError { Message = "Nothing was rolled back: " + busy.Message + "." } };
            var rollback = new ChangeRollback(new HostRoot(set.RootPath), runner, journal, time, engine.CommandPolicy, events);
            result = await rollback.RollbackAsync(changeSetId, force, user, ct);
            // Inside the passage: pages read the history again when the host goes idle, and must find the set forgotten.
            if (result.Outcome == RollbackOutcome.RolledBack) await plannedDevices.ClearAsync(changeSetId, CancellationToken.None);
        }
        logger.LogInformation("Rollback of change set {ChangeSetId} for {Host} by {User} ({Method}): {Outcome}", changeSetId, set.Host, user, actor.Method, result.Outcome);
        if (result.Outcome is not (RollbackOutcome.Refused or RollbackOutcome.AlreadyRolledBack or RollbackOutcome.Busy))
        {
            await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = set.Host,
                Kind = StepHistoryStore.RollbackEvent,
                At = time.GetUtcNow(),
                User = user,
                ChangeSetId = changeSetId,
                Passed = result.Outcome == RollbackOutcome.RolledBack,
                Summary = result.Outcome == RollbackOutcome.RolledBack
                    ? $"Change set {changeSetId} (steps {string.Join(',', set.Steps)}) rolled back: {RolledBackParts(set)}{(result.CommandsSkipped ? "; commands skipped (the root is not /)" : "")}."
                    : $"Rolling back change set {changeSetId} did not finish: {result.Error?.Message}",
            }, CancellationToken.None);
        }
        return result;
    }

    /// <summary>What a rollback put back, in words: the files, and each libvirt domain redefined or removed.</summary>
    private static string RolledBackParts(ChangeSet set)
    {
        var parts = new List<string>();
        if (set.Files.Count > 0) parts.Add($"{set.Files.Count} file(s) restored byte for byte");
        foreach (var domain in set.Plan.Domains.Where(d => !d.IsNoOp))
            parts.Add(domain.Creates
                ? $"the VM {domain.Name} it created undefined{(domain.NewVolume is { } v ? $" and its disk {v.Name} deleted" : "")}"
                : $"the VM {domain.Name} defined again exactly as before");
        return parts.Count == 0 ? "nothing needed putting back" : string.Join("; ", parts);
    }
}
