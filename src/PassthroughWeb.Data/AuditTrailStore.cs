using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Data;

/// <summary>
/// The audit trail of every host (change sets and events, newest first), filtered and paged by key. Each of the two
/// tables is read with its own query, filtered, after the cursor and limited to one page, so each is one range scan
/// of an index that matches its order (see the indexes in <see cref="PassthroughDbContext"/>); the two short lists
/// are then merged. An offset would make page 2,000 read 100,000 rows; a key makes it read one page.
/// The caller owns the context.
/// </summary>
public sealed class AuditTrailStore(PassthroughDbContext db)
{
    public const int MaxPageSize = 500;

    public async Task<AuditPage> PageAsync(AuditFilter filter, AuditCursor? after, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        // One more than a page tells whether another page follows.
        var sets = await ChangeSetsAsync(filter, after, pageSize + 1, ct).ConfigureAwait(false);
        var events = await EventsAsync(filter, after, pageSize + 1, ct).ConfigureAwait(false);
        var merged = sets.Concat(events).OrderByDescending(e => e.Cursor, CursorOrder).ToList();
        var page = merged.Take(pageSize).ToList();
        return new AuditPage { Entries = page, Next = merged.Count > pageSize ? page[^1].Cursor : null };
    }

    private static readonly IComparer<AuditCursor> CursorOrder = Comparer<AuditCursor>.Create(AuditCursor.Compare);

    private async Task<List<AuditEntry>> ChangeSetsAsync(AuditFilter filter, AuditCursor? after, int take, CancellationToken ct)
    {
        if (filter.Outcome is AuditOutcome.Passed or AuditOutcome.Recorded) return [];
        var query = db.ChangeSets.AsNoTracking();
        // SQLite picks one index per table, and without statistics it cannot tell that a host has a few dozen entries
        // while a user or an outcome has thousands: a term written as text + "" cannot use an index, which leaves the
        // most selective one (host, then user, then outcome) to the planner. Measured in docs/performance.md.
        if (filter.Host is { } host) query = query.Where(s => s.HostName == host);
        if (filter.User is { } user) query = filter.Host is null ? query.Where(s => s.User == user) : query.Where(s => s.User + "" == user);
        if (filter.Step is { } step)
        {
            var needle = "," + step + ",";
            query = query.Where(s => ("," + s.Steps + ",").Contains(needle));
        }
        if (filter.Outcome is { } outcome)
        {
            var states = StatesOf(outcome);
            var indexed = filter.Host is null && filter.User is null;
            query = (states.Length, indexed) switch
            {
                (1, true) => query.Where(s => s.State == states[0]),
                (1, false) => query.Where(s => s.State + "" == states[0]),
                _ => query.Where(s => states.Contains(s.State + "")),
            };
        }
        if (filter.From is { } from) query = query.Where(s => s.CreatedAt >= from);
        if (filter.To is { } to) query = query.Where(s => s.CreatedAt < to);
        if (after is { } cursor)
        {
            var at = new DateTimeOffset(cursor.AtTicks, TimeSpan.Zero);
            // The range term (<=, <) is what lets SQLite start the index scan at the cursor; the rest breaks the tie.
            query = cursor.Kind switch
            {
                AuditEntryKind.ChangeSet => query.Where(s => s.CreatedAt <= at && (s.CreatedAt < at || s.Sequence < cursor.Key)),
                // Change sets sort before events of the same instant: after an event, only older sets follow.
                _ => query.Where(s => s.CreatedAt < at),
            };
        }
        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Sequence).Take(take)
            .Select(s => new { s.Id, s.Sequence, s.HostName, s.Steps, s.User, s.CreatedAt, s.State, s.PlanJson, s.ErrorJson })
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => new AuditEntry
        {
            Kind = AuditEntryKind.ChangeSet,
            Id = r.Id.ToString("D"),
            Key = r.Sequence,
            At = r.CreatedAt,
            Host = r.HostName,
            What = "change-set",
            Steps = AuditSteps.Split(r.Steps),
            User = r.User,
            Outcome = OutcomeOf(r.State),
            Summary = SummaryOf(r.PlanJson, r.ErrorJson),
            ChangeSetId = r.Id,
        })];
    }

    private async Task<List<AuditEntry>> EventsAsync(AuditFilter filter, AuditCursor? after, int take, CancellationToken ct)
    {
        if (filter.Outcome is { } o && o is not (AuditOutcome.Failed or AuditOutcome.Passed or AuditOutcome.Recorded)) return [];
        var query = db.HistoryEvents.AsNoTracking();
        // As for change sets: host, then user, then outcome gets the index.
        if (filter.Host is { } host) query = query.Where(e => e.HostName == host);
        if (filter.User is { } user) query = filter.Host is null ? query.Where(e => e.User == user) : query.Where(e => e.User + "" == user);
        if (filter.Step is { } step)
        {
            var needle = "," + step + ",";
            var kinds = AuditSteps.KindsOf(step).ToArray();
            // An event of a change set belongs to that set's steps; one without a set, to the steps its kind names.
            query = query.Where(e => e.ChangeSetId != null
                ? db.ChangeSets.Any(s => s.Id == e.ChangeSetId && ("," + s.Steps + ",").Contains(needle))
                : kinds.Contains(e.Kind));
        }
        var outcomeIndexed = filter.Host is null && filter.User is null;
        query = (filter.Outcome, outcomeIndexed) switch
        {
            (AuditOutcome.Failed, true) => query.Where(e => e.Passed == false),
            (AuditOutcome.Passed, true) => query.Where(e => e.Passed == true),
            (AuditOutcome.Recorded, true) => query.Where(e => e.Passed == null),
            // COALESCE and CASE cannot use the index on Passed.
            (AuditOutcome.Failed, false) => query.Where(e => (e.Passed ?? true) == false),
            (AuditOutcome.Passed, false) => query.Where(e => (e.Passed ?? false) == true),
            (AuditOutcome.Recorded, false) => query.Where(e => (e.Passed == null ? 1 : 0) == 1),
            _ => query,
        };
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.To is { } to) query = query.Where(e => e.At < to);
        if (after is { } cursor)
        {
            var at = new DateTimeOffset(cursor.AtTicks, TimeSpan.Zero);
            var key = (int)Math.Min(cursor.Key, int.MaxValue);
            query = cursor.Kind switch
            {
                AuditEntryKind.Event => query.Where(e => e.At <= at && (e.At < at || e.Id < key)),
                // After a change set, the events of its instant still follow.
                _ => query.Where(e => e.At <= at),
            };
        }
        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take)
            .Select(e => new
            {
                e.Id, e.HostName, e.Kind, e.At, e.User, e.Passed, e.Summary, e.ChangeSetId,
                SetSteps = db.ChangeSets.Where(s => s.Id == e.ChangeSetId).Select(s => s.Steps).FirstOrDefault(),
            })
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => new AuditEntry
        {
            Kind = AuditEntryKind.Event,
            Id = r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Key = r.Id,
            At = r.At,
            Host = r.HostName,
            What = r.Kind,
            Steps = r.ChangeSetId is null ? AuditSteps.OfEventKind(r.Kind) : AuditSteps.Split(r.SetSteps),
            User = r.User,
            Outcome = r.Passed switch { true => AuditOutcome.Passed, false => AuditOutcome.Failed, null => AuditOutcome.Recorded },
            Summary = r.Summary,
            ChangeSetId = r.ChangeSetId,
        })];
    }

    /// <summary>The stored states (<c>ChangeSetState</c> names) an outcome stands for.</summary>
    private static string[] StatesOf(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Applied => [nameof(ChangeSetState.Applied)],
        AuditOutcome.Failed => [nameof(ChangeSetState.Failed)],
        AuditOutcome.RolledBack => [nameof(ChangeSetState.RolledBack)],
        AuditOutcome.Interrupted => [nameof(ChangeSetState.Interrupted)],
        AuditOutcome.InProgress => [nameof(ChangeSetState.InProgress), nameof(ChangeSetState.RollingBack)],
        _ => [],
    };

    public static AuditOutcome OutcomeOf(string state) => Enum.Parse<ChangeSetState>(state) switch
    {
        ChangeSetState.Applied => AuditOutcome.Applied,
        ChangeSetState.Failed => AuditOutcome.Failed,
        ChangeSetState.RolledBack => AuditOutcome.RolledBack,
        ChangeSetState.Interrupted => AuditOutcome.Interrupted,
        _ => AuditOutcome.InProgress,
    };

    /// <summary>The plan's summary line and, for a set that failed, why: read from the JSON without the whole plan.</summary>
    private static string SummaryOf(string planJson, string? errorJson)
    {
        var summary = TopLevelString(planJson, "summary") ?? "";
        return errorJson is not null && TopLevelString(errorJson, "message") is { } message ? $"{summary} Failed: {message}" : summary;
    }

    private static string? TopLevelString(string json, string property)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
