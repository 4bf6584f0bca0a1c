namespace PassthroughWeb.Core.Events;

/// <summary>The host is no longer held: the next change set may start.</summary>
public sealed record HostIdle : HostEvent;
