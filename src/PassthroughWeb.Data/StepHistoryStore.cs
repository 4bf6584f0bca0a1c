using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Data;

/// <summary>
/// What the history keeps beside the journal: the boot id and the expectations of an applied set, its verification
/// after the reboot, and events (verifications, rehearsals, steps marked done). The caller owns the context.
/// </summary>
public sealed class StepHistoryStore(PassthroughDbContext db)
{
    /// <summary>Kinds of events the app records itself.</summary>
    public const string VerificationEvent = "verification";
    public const string RecoveryEvent = "recovery";
    public const string RollbackEvent = "rollback";

    /// <summary>Records, after an apply, the boot it happened in and what the verification after the reboot checks.</summary>
    public async Task RecordAppliedAsync(Guid changeSetId, string? bootId, StepExpectations expectations, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        var record = await Find(changeSetId, ct);
        record.BootId = bootId;
        record.ExpectationsJson = ChangeSetJson.Serialize(expectations);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores a verification on its set and as an event of the host's history.</summary>
    public async Task RecordVerificationAsync(Guid changeSetId, StepVerification verification, DateTimeOffset at, string user, bool automatic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var record = await Find(changeSetId, ct);
        record.VerifiedAt = at;
        record.VerificationPassed = verification.Passed;
        record.VerificationJson = ChangeSetJson.Serialize(verification);
        db.HistoryEvents.Add(new HistoryEventRecord
        {
            HostName = record.HostName,
            Kind = VerificationEvent,
            At = at,
            User = user,
            ChangeSetId = changeSetId,
            Passed = verification.Passed,
            Summary = (automatic ? "Verified by itself at start-up after the reboot: " : "Verified after the reboot: ") +
                      (verification.Passed ? $"steps {record.Steps} hold. " : $"steps {record.Steps} do not hold. ") + verification.Summary,
            DetailsJson = ChangeSetJson.Serialize(verification.Checks),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> AddEventAsync(HistoryEventRecord entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        db.HistoryEvents.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// <summary>The host's change sets, newest first.</summary>
    public async Task<IReadOnlyList<ChangeSetRecord>> ListChangeSetsAsync(string hostName, CancellationToken ct) =>
        await db.ChangeSets.AsNoTracking().Where(s => s.HostName == hostName).OrderByDescending(s => s.Sequence).ToListAsync(ct);

    /// <summary>The host's events, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEventRecord>> ListEventsAsync(string hostName, CancellationToken ct) =>
        await db.HistoryEvents.AsNoTracking().Where(e => e.HostName == hostName).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToListAsync(ct);

    public Task<ChangeSetRecord?> GetAsync(Guid changeSetId, CancellationToken ct) =>
        db.ChangeSets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == changeSetId, ct);

    /// <summary>Sets applied and never verified (of every host, oldest first): the ones a reboot may have made checkable.</summary>
    public async Task<IReadOnlyList<ChangeSetRecord>> ListUnverifiedAppliedAsync(CancellationToken ct)
    {
        var applied = nameof(ChangeSetState.Applied);
        return await db.ChangeSets.AsNoTracking().Where(s => s.State == applied && s.VerifiedAt == null && s.ExpectationsJson != null).OrderBy(s => s.Sequence).ToListAsync(ct);
    }

    private async Task<ChangeSetRecord> Find(Guid changeSetId, CancellationToken ct) =>
        await db.ChangeSets.SingleOrDefaultAsync(s => s.Id == changeSetId, ct)
        ?? throw new InvalidOperationException($"There is no change set {changeSetId}.");
}
