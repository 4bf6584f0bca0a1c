namespace PassthroughWeb.Web.Api;

/// <summary>One host in <c>GET /api/hosts</c>: what a script needs to pick a host and a card.</summary>
public sealed record HostEntry
{
    public required string Name { get; init; }

    /// <summary>
    /// Whether the host answers now: a host read from a root on this machine (the host itself, the demo's copy) always;
    /// an agent's host while its agent is connected (offline within the hub's --agent-timeout of its disappearance).
    /// </summary>
    public required bool Online { get; init; }

    /// <summary>When the newest profile was taken.</summary>
    public required DateTimeOffset LastScan { get; init; }

    /// <summary>When the host was last seen: its newest scan, or the last moment its agent was connected.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary><c>local</c> (scanned from a root on this machine), <c>demo</c> (the sample workstation of <c>serve --demo</c>) or <c>agent</c> (reported by its agent).</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<HostGpuEntry> Gpus { get; init; }

    /// <summary>
    /// The newest profile contradicts what the applied steps stand on (a card moved slot, the IOMMU groups changed …):
    /// <c>GET /api/hosts/{name}/profile</c> says how in its <c>drift</c>.
    /// </summary>
    public bool Drifted { get; init; }

    /// <summary>Where each of the five steps stands on the host, as its host page's checklist says (<c>reboot-needed</c>, <c>verified</c> …).</summary>
    public required IReadOnlyList<Services.Agents.AgentStepStatus> Steps { get; init; }

    /// <summary>An agent's host whose agent is offline: <see cref="Steps"/> are the ones it last reported.</summary>
    public bool StepsLastKnown { get; init; }
}
