namespace PassthroughWeb.Services;

/// <summary>A host steps 2 and 3 work on: its name in the history and the root its files are under (<c>/</c>, or a copy such as the demo).</summary>
public sealed record StepHost
{
    public required string Name { get; init; }
    public required string Root { get; init; }
    public bool IsDemo { get; init; }

    /// <summary>Built from a listing a user imported: a profile to read, with no files to plan on and nothing to change.</summary>
    public bool IsImported { get; init; }

    /// <summary>
    /// The libvirt this host's VMs live in when it has one of its own (the demo's private daemon); null: the app's
    /// connection. A copy of a host without one never changes the real libvirt (its VM changes are listed as skipped).
    /// </summary>
    public string? LibvirtConnection { get; init; }

    /// <summary>
    /// The host is reported by its agent: <see cref="Root"/> is a path on that machine, not on this one, and its
    /// libvirt is that machine's. Steps 2 and 3 (from the API and the host page) and step 4's plan and apply (from the API) run through its agent (<see cref="Agents.RemoteSteps"/>); every other operation that would read or change the host refuses with <see cref="AgentChangesUnavailable"/>.
    /// </summary>
    public bool IsAgent { get; init; }

    /// <summary>Why a step cannot be planned, applied or checked from here on an agent's host.</summary>
    public string AgentChangesUnavailable =>
        $"{Name} is reported by its agent: from this hub, steps 2 and 3 run on it through its agent (its host page, or POST /api/hosts/{Name}/plan, apply, verify, rehearse), " +
        $"and so does step 4 through the API (POST /api/hosts/{Name}/plan with \"steps\": [\"vm\"], then apply); this is not available yet. " +
        $"Its profile and topology are shown as the agent reported them; otherwise run PassthroughWeb on {Name} itself (the web app or plan/apply there). Nothing was changed.";
}
