namespace PassthroughWeb.Data;

/// <summary>Something that happened to a host besides a change set: a verification, a rehearsal, a step marked done, a recovery.</summary>
public sealed class HistoryEventRecord
{
    public int Id { get; set; }
    public required string HostName { get; set; }

    /// <summary><c>verification</c>, <c>rehearsal</c>, <c>step-marked-done</c>, <c>recovery</c> …</summary>
    public required string Kind { get; set; }

    public DateTimeOffset At { get; set; }
    public required string User { get; set; }
    public Guid? ChangeSetId { get; set; }
    public bool? Passed { get; set; }
    public required string Summary { get; set; }

    /// <summary>Details as JSON (the checks of a verification …), or null.</summary>
    public string? DetailsJson { get; set; }
}
