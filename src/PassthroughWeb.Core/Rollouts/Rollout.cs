namespace PassthroughWeb.Core.Rollouts;

/// <summary>
/// A staged rollout of steps 2 and/or 3 over several hosts: the first host is the canary, the rest follow in batches of
/// <see cref="BatchSize"/>. Immutable: <see cref="RolloutRules"/> gives the next state for each outcome.
/// </summary>
public sealed record Rollout
{
    /// <summary><c>ro_</c> and 12 hex digits.</summary>
    public required string Id { get; init; }

    /// <summary>The step names as the plan takes them (<c>host</c>, <c>isolate</c>).</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The card's address on every host (the same slot: a fleet of like machines); null for step 2 alone.</summary>
    public string? Gpu { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>The user who created it; <see cref="StartedBy"/> is the Operator who started it.</summary>
    public required string CreatedBy { get; init; }

    public string? StartedBy { get; init; }

    public RolloutState State { get; init; } = RolloutState.Planned;

    /// <summary>Why it stopped, or that it completed, in plain words.</summary>
    public string? Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>In order: the canary first, then each batch's hosts.</summary>
    public required IReadOnlyList<RolloutHost> Hosts { get; init; }

    public RolloutHost? Find(string host) => Hosts.FirstOrDefault(h => string.Equals(h.Name, host, StringComparison.Ordinal));

    /// <summary>The hosts whose change set is on them now: what a rollback of the rollout rolls back.</summary>
    public IReadOnlyList<RolloutHost> RollbackCandidates => [.. Hosts.Where(h => h.HasChangeApplied)];
}
