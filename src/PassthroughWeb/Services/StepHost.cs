namespace PassthroughWeb.Services;

/// <summary>A host steps 2 and 3 work on: its name in the history and the root its files are under (<c>/</c>, or a copy such as the demo).</summary>
public sealed record StepHost
{
    public required string Name { get; init; }
    public required string Root { get; init; }
    public bool IsDemo { get; init; }

    /// <summary>How the app knows the host: scanned here (this machine or a copy of one), imported from a listing, or reported by its agent.</summary>
    public Data.HostSource Source { get; init; } = Data.HostSource.Local;

    /// <summary>Built from a listing a user imported: a profile to read, with no files to plan on and nothing to change.</summary>
    public bool IsImported => Source == Data.HostSource.Import;

    /// <summary>
    /// The libvirt this host's VMs live in when it has one of its own (the demo's private daemon); null: the app's
    /// connection. A copy of a host without one never changes the real libvirt (its VM changes are listed as skipped).
    /// </summary>
    public string? LibvirtConnection { get; init; }

    /// <summary>
    /// The host is reported by its agent: <see cref="Root"/> is a path on that machine, not on this one, and its
    /// libvirt is that machine's. Every step on it runs through its agent (<see cref="Agents.RemoteSteps"/>, reached by
    /// the dispatchers the doors use: StepDocuments, StepOperations, VmOperations, GuestOperations); an operation here
    /// that would read or change this machine for it refuses with <see cref="AgentChangesUnavailable"/>.
    /// </summary>
    public bool IsAgent => Source == Data.HostSource.Agent;

    /// <summary>Why an operation of this machine's engine does not run for an agent's host (a door that reached it skipped its dispatcher).</summary>
    public string AgentChangesUnavailable =>
        $"{Name} is reported by its agent: its steps run on {Name} through its agent (its host page on this hub, or POST /api/hosts/{Name}/plan, apply, verify, rehearse), " +
        $"not on this machine, whose files and libvirt are not {Name}'s. Nothing was read or changed here.";
}
