using System.Globalization;

namespace PassthroughWeb.Core.History;

/// <summary>
/// Which entries of the audit trail to list: every criterion that is set must hold. The same filter serves the
/// history page (its query string), the API (its query parameters) and the CLI (its options), read from the same
/// words by <see cref="TryParse"/>.
/// </summary>
public sealed record AuditFilter
{
    public static AuditFilter None { get; } = new();

    /// <summary>Only this host, by name (exact).</summary>
    public string? Host { get; init; }

    /// <summary>Only entries of this step: one of <see cref="StepWords"/>.</summary>
    public string? Step { get; init; }

    /// <summary>Only what this user did, by name (exact).</summary>
    public string? User { get; init; }

    public AuditOutcome? Outcome { get; init; }

    /// <summary>Only entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries before this instant (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>The steps an entry can belong to: 2 (host), 3 (isolate), 4 (vm), 5 (guest).</summary>
    public static IReadOnlyList<string> StepWords { get; } = ["host", "isolate", "vm", "guest"];

    /// <summary>The outcomes by the words the doors use, in the order a menu shows them.</summary>
    public static IReadOnlyList<(string Word, AuditOutcome Outcome)> OutcomeWords { get; } =
    [
        ("applied", AuditOutcome.Applied), ("failed", AuditOutcome.Failed), ("rolled-back", AuditOutcome.RolledBack),
        ("interrupted", AuditOutcome.Interrupted), ("in-progress", AuditOutcome.InProgress), ("passed", AuditOutcome.Passed),
        ("recorded", AuditOutcome.Recorded),
    ];

    public static string WordOf(AuditOutcome outcome) => OutcomeWords.First(w => w.Outcome == outcome).Word;

    /// <summary>
    /// Reads a filter from the doors' words (<c>host</c>, <c>step</c>, <c>user</c>, <c>outcome</c>, <c>from</c>, <c>to</c>;
    /// empty or missing words are no criterion). Times are ISO 8601 with an offset (<c>2026-12-01T08:00:00Z</c>) or a
    /// date (<c>2026-12-01</c>, UTC): a date in <c>to</c> includes that whole day. Every problem is reported at once.
    /// </summary>
    public static bool TryParse(string? host, string? step, string? user, string? outcome, string? from, string? to,
        out AuditFilter filter, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        string? stepWord = null;
        if (!string.IsNullOrWhiteSpace(step))
        {
            stepWord = step.Trim().ToLowerInvariant();
            if (!StepWords.Contains(stepWord))
            {
                found.Add($"step '{step}' is not a step: use {string.Join(", ", StepWords)}.");
                stepWord = null;
            }
        }
        AuditOutcome? outcomeValue = null;
        if (!string.IsNullOrWhiteSpace(outcome))
        {
            var word = outcome.Trim().ToLowerInvariant();
            var match = OutcomeWords.Where(w => w.Word == word).Select(w => (AuditOutcome?)w.Outcome).FirstOrDefault();
            if (match is null) found.Add($"outcome '{outcome}' is not an outcome: use {string.Join(", ", OutcomeWords.Select(w => w.Word))}.");
            outcomeValue = match;
        }
        var fromValue = ReadTime("from", from, endOfDay: false, found);
        var toValue = ReadTime("to", to, endOfDay: true, found);
        if (fromValue is { } f && toValue is { } t && f >= t)
            found.Add($"from ({f.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z) must be before to ({t.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z).");
        filter = new AuditFilter
        {
            Host = Blank(host),
            Step = stepWord,
            User = Blank(user),
            Outcome = outcomeValue,
            From = fromValue,
            To = toValue,
        };
        problems = found;
        return found.Count == 0;
    }

    /// <summary>
    /// The filter as query-string pairs, in the words <see cref="TryParse"/> reads: what a link to this filtered view
    /// (or its export) carries. Times are written back the way they round-trip.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToQuery()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (Host is not null) pairs.Add(new("host", Host));
        if (Step is not null) pairs.Add(new("step", Step));
        if (User is not null) pairs.Add(new("user", User));
        if (Outcome is { } o) pairs.Add(new("outcome", WordOf(o)));
        if (From is { } f) pairs.Add(new("from", TimeWord(f, endOfDay: false)));
        if (To is { } t) pairs.Add(new("to", TimeWord(t, endOfDay: true)));
        return pairs;
    }

    /// <summary>A date when the instant is a UTC midnight (for <c>to</c>: the day before it, which it includes), else ISO 8601.</summary>
    public static string TimeWord(DateTimeOffset value, bool endOfDay)
    {
        var utc = value.ToUniversalTime();
        if (utc.TimeOfDay != TimeSpan.Zero) return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        return (endOfDay ? utc.AddDays(-1) : utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? ReadTime(string name, string? text, bool endOfDay, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }
        // An instant needs its offset: "08:00" on its own would mean the server's zone, which the reader cannot see.
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && HasOffset(trimmed))
            return instant.ToUniversalTime();
        problems.Add($"{name} '{text}' is not a time: use a date (2026-12-01, UTC) or an ISO 8601 time with its offset (2026-12-01T08:00:00Z).");
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
