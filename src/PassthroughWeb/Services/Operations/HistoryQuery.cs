using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>A host's history (its change sets with their verification, and its events) and whether a reboot is pending.</summary>
public sealed class HistoryQuery(IDbContextFactory<PassthroughDbContext> databases)
{
    public async Task<StepHistory> HistoryAsync(string hostName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var store = new StepHistoryStore(db);
        var records = await store.ListChangeSetsAsync(hostName, ct);
        var events = await store.ListEventsAsync(hostName, ct);
        var bootIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sets = records.Select(r =>
        {
            if (!bootIds.TryGetValue(r.RootPath, out var now)) bootIds[r.RootPath] = now = CurrentBootId(r.RootPath);
            return ToHistory(r, now);
        }).ToList();
        return new StepHistory
        {
            ChangeSets = sets,
            Events = [.. events.Select(e => new HistoryEntry
            {
                Id = e.Id, Kind = e.Kind, At = e.At, User = e.User, ChangeSetId = e.ChangeSetId, Passed = e.Passed, Summary = e.Summary, Details = e.DetailsJson,
            })],
        };
    }

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
