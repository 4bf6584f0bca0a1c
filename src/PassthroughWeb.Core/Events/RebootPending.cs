namespace PassthroughWeb.Core.Events;

/// <summary>A change takes effect only after the host reboots.</summary>
public sealed record RebootPending : HostEvent
{
    public required string Message { get; init; }
}
