namespace PassthroughWeb.Core.Events;

/// <summary>The host's agent disconnected.</summary>
public sealed record HostOffline : HostEvent;
