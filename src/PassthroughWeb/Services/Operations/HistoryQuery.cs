using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.History;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// The history: the audit trail of every host, filtered and paged (the one query behind the history page, the API's
/// <c>GET /api/history</c> and its exports, and <c>history --all</c>), one change set opened whole, a host's history, and
/// whether a reboot is pending.
/// </summary>
public sealed class HistoryQuery(IDbContextFactory<PassthroughDbContext> databases)
{
    /// <summary>Entries a page holds unless asked otherwise.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The entries that <paramref name="filter"/> lets through, newest first, the page after <paramref name="after"/>.</summary>
    public async Task<AuditPage> PageAsync(AuditFilter filter, AuditCursor? after, int pageSize, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new AuditTrailStore(db).PageAsync(filter, after, pageSize, ct);
    }

    /// <summary>
    /// Every entry <paramref name="filter"/> lets through, newest first, read page by page as the caller consumes them:
    /// an export of the whole trail holds one page in memory, and each page is read in its own short transaction.
    /// </summary>
    public async IAsyncEnumerable<AuditEntry> AllAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        AuditCursor? after = null;
        do
        {
            var page = await PageAsync(filter, after, AuditTrailStore.MaxPageSize, ct);
            foreach (var entry in page.Entries) yield return entry;
            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>One change set with its verification and the events that belong to it (rehearsal, verification, rollback), or null.</summary>
    public async Task<ChangeSetDetail?> ChangeSetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        if (await new StepHistoryStore(db).GetAsync(id, ct) is not { } record) return null;
        var events = await db.HistoryEvents.AsNoTracking().Where(e => e.ChangeSetId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return new ChangeSetDetail
        {
            History = ToHistory(record, CurrentBootId(record.RootPath)),
            Events = [.. events.Select(ToEntry)],
        };
    }

    public async Task<StepHistory> HistoryAsync(string hostName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var store = new StepHistoryStore(db);
        var records = await store.ListChangeSetsAsync(hostName, ct);
        var events = await store.ListEventsAsync(hostName, ct);
        var planned = await new PlannedDeviceStore(db).ListAsync(hostName, ct);
        var bootIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sets = records.Select(r =>
        {
            if (!bootIds.TryGetValue(r.RootPath, out var now)) bootIds[r.RootPath] = now = CurrentBootId(r.RootPath);
            return ToHistory(r, now);
        }).ToList();
        return new StepHistory
        {
            ChangeSets = sets,
            Events = [.. events.Select(ToEntry)],
            PlannedDevices = planned,
        };
    }

    /// <summary>How <paramref name="report"/> of the host differs from what its applied steps stand on.</summary>
    public async Task<Core.Drift.HostDrift> DriftAsync(string hostName, Core.Scanning.ScanReport report, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return Core.Drift.DriftDetector.Detect(await new PlannedDeviceStore(db).ListAsync(hostName, ct), report);
    }

    /// <summary>What every host's applied steps stand on, by host name: for lists of hosts, one query.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Core.Drift.DeviceExpectation>>> PlannedDevicesAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new PlannedDeviceStore(db).ListAllAsync(ct);
    }

    private static HistoryEntry ToEntry(HistoryEventRecord e) => new()
    {
        Id = e.Id, Kind = e.Kind, At = e.At, User = e.User, ChangeSetId = e.ChangeSetId, Passed = e.Passed, Summary = e.Summary, Details = e.DetailsJson,
    };

    public async Task<RebootState> RebootStateAsync(StepHost host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var history = await HistoryAsync(host.Name, ct);
        var pending = history.ChangeSets.FirstOrDefault(s => s.RebootNeeded);
        return pending is null
            ? new RebootState { Needed = false, Message = "No change set waits for a reboot." }
            : new RebootState
            {
                Needed = true,
                ChangeSetId = pending.Set.Id,
                Message = $"Reboot needed: change set {pending.Set.Id} (steps {string.Join(',', pending.Set.Steps)}) was applied in this boot and takes effect at the next one. Verify after the reboot.",
            };
    }

    private static ChangeSetHistory ToHistory(ChangeSetRecord record, string? currentBootId)
    {
        var set = EfChangeJournal.ToChangeSet(record);
        return new ChangeSetHistory
        {
            Set = set,
            BootId = record.BootId,
            Expectations = record.ExpectationsJson is null ? null : ChangeSetJson.Deserialize<StepExpectations>(record.ExpectationsJson),
            Verification = record.VerificationJson is null ? null : ChangeSetJson.Deserialize<StepVerification>(record.VerificationJson),
            VerifiedAt = record.VerifiedAt,
            RebootNeeded = set.State == ChangeSetState.Applied && set.Plan.NeedsReboot && record.VerifiedAt is null
                           && record.BootId is not null && record.BootId == currentBootId,
        };
    }

    private static string? CurrentBootId(string rootPath) => Directory.Exists(rootPath) ? BootId.Read(new HostRoot(rootPath)) : null;
}
