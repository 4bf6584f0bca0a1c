namespace PassthroughWeb.Core.Events;

/// <summary>A line of a rehearsal's progress (booting the test VM, checking the evidence …).</summary>
public sealed record RehearsalProgress : HostEvent
{
    public required string Line { get; init; }
}
