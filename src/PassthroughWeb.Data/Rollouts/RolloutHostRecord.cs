namespace PassthroughWeb.Data.Rollouts;

/// <summary>
/// One host of a stored rollout: its place, the plan shown for it (as the <c>plan --json</c> document, for the plans side
/// by side), and the change set its apply made. The change set of an agent's host lives on the agent: this row is the
/// hub's record that it belongs to the rollout.
/// </summary>
public sealed class RolloutHostRecord
{
    public int Id { get; set; }
    public required string RolloutId { get; set; }

    /// <summary>0 for the canary, then the order of the batches.</summary>
    public int Position { get; set; }

    public required string HostName { get; set; }
    public int Batch { get; set; }

    /// <summary>The <c>RolloutHostState</c>'s name.</summary>
    public required string State { get; set; }

    public string? PlanId { get; set; }

    /// <summary>The plan document as it was shown when the rollout was created.</summary>
    public string? PlanJson { get; set; }

    public Guid? ChangeSetId { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
