namespace PassthroughWeb.Services;

/// <summary>A change set opened from the history: the set with its verification, and the events that belong to it, oldest first.</summary>
public sealed record ChangeSetDetail
{
    public required ChangeSetHistory History { get; init; }

    /// <summary>Its rehearsal (run while it waited for the reboot), its verifications, its rollback, its recovery.</summary>
    public required IReadOnlyList<HistoryEntry> Events { get; init; }
}
