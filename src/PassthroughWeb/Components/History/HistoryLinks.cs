using PassthroughWeb.Components.Shared;

namespace PassthroughWeb.Components.History;

/// <summary>The history pages' URLs: all hosts, one host, and one change set opened.</summary>
public static class HistoryLinks
{
    public const string All = "history";

    public static string Host(string name) => HostLinks.Host(name) + "/history";

    /// <summary>The history with change set <paramref name="id"/> opened.</summary>
    public static string WithSet(string baseLink, Guid id) => $"{baseLink}?set={id:D}";
}
