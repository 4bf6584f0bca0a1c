namespace PassthroughWeb.Core.Rollouts;

/// <summary>One host of a staged rollout: its batch (0 is the canary), the plan shown for it, and what became of it.</summary>
public sealed record RolloutHost
{
    public required string Name { get; init; }

    /// <summary>0 for the canary, then 1, 2 … in the order the batches run.</summary>
    public required int Batch { get; init; }

    public RolloutHostState State { get; init; } = RolloutHostState.Pending;

    /// <summary>The id the host's plan was shown under; null when its plan was refused (there is nothing to apply).</summary>
    public string? PlanId { get; init; }

    /// <summary>The change set its apply made (on the host's own history: the agent's for an agent's host).</summary>
    public Guid? ChangeSetId { get; init; }

    /// <summary>The last word on this host, in plain words (why it failed, what it waits for).</summary>
    public string? Message { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Its change set is on the host and can be rolled back.</summary>
    public bool HasChangeApplied => ChangeSetId is not null
        && State is RolloutHostState.RebootNeeded or RolloutHostState.Verified or RolloutHostState.VerificationFailed;

    /// <summary>Finished well: the next batch may start as far as this host is concerned.</summary>
    public bool IsDone => State is RolloutHostState.Verified or RolloutHostState.Unchanged;
}
