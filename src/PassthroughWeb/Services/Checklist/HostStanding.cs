using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Services.Checklist;

/// <summary>
/// One row of the hosts page: a host's latest scan in short and where it stands in the five steps. Where the host
/// lives (<see cref="Source"/>) is a field, so hosts reached over the network join the same list.
/// </summary>
public sealed record HostStanding
{
    public required HostOverview Host { get; init; }

    public required ChecklistProgress Progress { get; init; }

    /// <summary>"demo" or "local" (this machine).</summary>
    public required string Source { get; init; }

    public string Name => Host.Name;
}
