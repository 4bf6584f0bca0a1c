namespace PassthroughWeb.Data;

/// <summary>A known host and how many profiles it has.</summary>
public sealed record HostSummary
{
    public required string Name { get; init; }
    public required string Root { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public required DateTimeOffset LastSeen { get; init; }
    public required bool IsDemo { get; init; }
    public required HostSource Source { get; init; }
    public required int ProfileCount { get; init; }

    /// <summary>An agent's host: the steps its agent last reported (<see cref="ManagedHost.ReportedStepsJson"/>); null otherwise.</summary>
    public string? ReportedStepsJson { get; init; }
}
