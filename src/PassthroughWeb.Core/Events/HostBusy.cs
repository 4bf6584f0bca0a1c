namespace PassthroughWeb.Core.Events;

/// <summary>A change set, rollback or rehearsal holds the host: others wait or are told who and what.</summary>
public sealed record HostBusy : HostEvent
{
    /// <summary>What is running, as a phrase after "is": <c>applying steps host,isolate</c>, <c>rolling back change set …</c>, <c>rehearsing steps host</c>, <c>changing the VM win11</c>.</summary>
    public required string What { get; init; }

    /// <summary>Who started it.</summary>
    public required string By { get; init; }

    public required DateTimeOffset Since { get; init; }
}
