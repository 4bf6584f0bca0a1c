using System.Globalization;

namespace PassthroughWeb.Core.History;

/// <summary>
/// The position of an entry in the trail's order (newest first: time, then change sets before events, then the
/// key, all descending). A page after a cursor holds the entries strictly after it in that order: keyset paging, so
/// a page deep in 100,000 entries costs what the first one does, and entries added meanwhile never shift a page.
/// </summary>
public readonly record struct AuditCursor(long AtTicks, AuditEntryKind Kind, long Key)
{
    /// <summary>The cursor as it travels in URLs: <c>TICKS-s-KEY</c> (change set) or <c>TICKS-e-KEY</c> (event).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{AtTicks}-{(Kind == AuditEntryKind.ChangeSet ? 's' : 'e')}-{Key}");

    public static bool TryParse(string? text, out AuditCursor cursor)
    {
        cursor = default;
        var parts = (text ?? "").Split('-');
        if (parts is not [var ticks, var kind, var key]) return false;
        if (!long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var at) || at > DateTimeOffset.MaxValue.UtcTicks) return false;
        if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var k)) return false;
        AuditEntryKind? parsed = kind switch { "s" => AuditEntryKind.ChangeSet, "e" => AuditEntryKind.Event, _ => null };
        if (parsed is not { } entryKind) return false;
        cursor = new AuditCursor(at, entryKind, k);
        return true;
    }

    /// <summary>Whether <paramref name="entry"/> comes after this cursor in the trail's order (newest first).</summary>
    public bool Precedes(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Compare(entry.Cursor, this) < 0;
    }

    /// <summary>Ascending comparison of two positions; the trail lists them in descending order.</summary>
    public static int Compare(AuditCursor a, AuditCursor b)
    {
        var byTime = a.AtTicks.CompareTo(b.AtTicks);
        if (byTime != 0) return byTime;
        var byKind = ((int)a.Kind).CompareTo((int)b.Kind);
        return byKind != 0 ? byKind : a.Key.CompareTo(b.Key);
    }
}
