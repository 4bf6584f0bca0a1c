namespace PassthroughWeb.Services;

/// <summary>A host's history: its change sets and its events, newest first.</summary>
public sealed record StepHistory
{
    public required IReadOnlyList<ChangeSetHistory> ChangeSets { get; init; }
    public required IReadOnlyList<HistoryEntry> Events { get; init; }
}
