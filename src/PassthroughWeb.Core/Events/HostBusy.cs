namespace PassthroughWeb.Core.Events;

/// <summary>A change set, rollback or rehearsal holds the host: others wait or are told who and what.</summary>
public sealed record HostBusy : HostEvent
{
    /// <summary>What is running (<c>apply</c>, <c>rollback</c>, <c>rehearsal</c>).</summary>
    public required string What { get; init; }

    /// <summary>Who started it.</summary>
    public required string By { get; init; }

    public required DateTimeOffset Since { get; init; }
}
