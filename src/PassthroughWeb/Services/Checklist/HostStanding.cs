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

    /// <summary>An agent's host whose agent is offline: <see cref="Progress"/> is what it last reported, not where the host stands now.</summary>
    public bool StepsLastKnown { get; init; }

    /// <summary>"demo", "local" (read from a root on this machine) or "agent" (reported by the host's agent).</summary>
    public required string Source { get; init; }

    /// <summary>Whether the host answers now: a local host always; an agent's host while its agent is connected.</summary>
    public bool Online { get; init; } = true;

    public string Name => Host.Name;
}
