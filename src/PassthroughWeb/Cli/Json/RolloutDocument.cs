namespace PassthroughWeb.Cli.Json;

/// <summary>A staged rollout as <c>rollout --json</c> prints it and the API answers it (docs/api.md, Rollouts).</summary>
public sealed record RolloutDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    /// <summary><c>ro_</c> and 12 hex digits.</summary>
    public required string Id { get; init; }

    public required IReadOnlyList<string> Steps { get; init; }
    public required string? Gpu { get; init; }
    public required int BatchSize { get; init; }
    public required string CreatedBy { get; init; }
    public required string? StartedBy { get; init; }

    /// <summary><c>planned</c>, <c>running</c>, <c>completed</c>, <c>stopped</c> or <c>rolledBack</c>.</summary>
    public required string State { get; init; }

    public required string? Message { get; init; }

    /// <summary>What happens next, or what it waits for and what to do, in plain words.</summary>
    public required string Next { get; init; }

    /// <summary>The hosts whose change set a rollback would undo.</summary>
    public required IReadOnlyList<string> CanRollBack { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? StartedAt { get; init; }
    public required DateTimeOffset? FinishedAt { get; init; }

    /// <summary>In order: the canary, then each batch.</summary>
    public required IReadOnlyList<RolloutHostDocument> Hosts { get; init; }
}

/// <summary>One host of a rollout: where it stands, its change set, and the plan it was shown (the <c>plan --json</c> document; null without one).</summary>
public sealed record RolloutHostDocument
{
    public required string Name { get; init; }

    /// <summary>0 for the canary.</summary>
    public required int Batch { get; init; }

    /// <summary><c>pending</c>, <c>applying</c>, <c>rebootNeeded</c>, <c>verified</c>, <c>unchanged</c>, <c>applyFailed</c>, <c>verificationFailed</c> or <c>rolledBack</c>.</summary>
    public required string State { get; init; }

    public required string? PlanId { get; init; }
    public required string? ChangeSetId { get; init; }
    public required string? Message { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required PlanDocument? Plan { get; init; }
}
