using PassthroughWeb.Services;

namespace PassthroughWeb.Components.History;

/// <summary>An event of the history with the host it happened on (the all-hosts page mixes them).</summary>
public sealed record HostHistoryEvent(string Host, HistoryEntry Event);
