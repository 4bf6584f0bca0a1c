namespace PassthroughWeb.Data.Rollouts;

/// <summary>A staged rollout as stored (<c>Core.Rollouts.Rollout</c>): the hub resumes it from here after a restart.</summary>
public sealed class RolloutRecord
{
    /// <summary><c>ro_</c> and 12 hex digits.</summary>
    public required string Id { get; set; }

    /// <summary>The step names, comma-separated (<c>host,isolate</c>).</summary>
    public required string Steps { get; set; }

    public string? Gpu { get; set; }
    public int BatchSize { get; set; }
    public required string CreatedBy { get; set; }
    public string? StartedBy { get; set; }

    /// <summary>The <c>RolloutState</c>'s name.</summary>
    public required string State { get; set; }

    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>
    /// The hub instance moving the rollout on right now, or null: with several instances on one database only the
    /// lease's holder changes the rollout (<see cref="RolloutStore.TryLeaseAsync"/>).
    /// </summary>
    public string? LeaseHolder { get; set; }

    /// <summary>When <see cref="LeaseHolder"/>'s lease ends unless renewed: after it, another instance may take over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public List<RolloutHostRecord> Hosts { get; set; } = [];
}
