namespace PassthroughWeb.Core.Events;

/// <summary>The host's agent connected.</summary>
public sealed record HostOnline : HostEvent;
