namespace PassthroughWeb.Services;

/// <summary>An event of a host's history: a verification, a rollback, a recovery at start-up, a rehearsal, a step marked done.</summary>
public sealed record HistoryEntry
{
    public required int Id { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string User { get; init; }
    public Guid? ChangeSetId { get; init; }
    public bool? Passed { get; init; }
    public required string Summary { get; init; }

    /// <summary>Details as JSON (a verification's checks), or null.</summary>
    public string? Details { get; init; }
}
