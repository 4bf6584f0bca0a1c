using Microsoft.AspNetCore.WebUtilities;
using PassthroughWeb.Components.Shared;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Components.History;

/// <summary>The history pages' URLs: all hosts, one host, a filtered view, a page of it, one change set opened, the exports.</summary>
public static class HistoryLinks
{
    public const string All = "history";

    public static string Host(string name) => HostLinks.Host(name) + "/history";

    /// <summary>The history with change set <paramref name="id"/> opened.</summary>
    public static string WithSet(string baseLink, Guid id) => $"{baseLink}?set={id:D}";

    /// <summary>
    /// The history filtered by <paramref name="filter"/>, from the page after <paramref name="after"/>, with change set
    /// <paramref name="set"/> opened: every part of the view is in the URL, so a filtered view can be linked to.
    /// </summary>
    public static string Filtered(AuditFilter filter, AuditCursor? after = null, Guid? set = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var pairs = filter.ToQuery().ToList();
        if (after is { } cursor) pairs.Add(new("after", cursor.ToString()));
        if (set is { } id) pairs.Add(new("set", id.ToString("D")));
        return QueryHelpers.AddQueryString(All, pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }

    /// <summary>The download of the filtered set: <c>api/history/export.csv</c> or <c>.json</c> with the filter's words.</summary>
    public static string Export(AuditFilter filter, string format)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return QueryHelpers.AddQueryString($"api/history/export.{format}", filter.ToQuery().Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }
}
