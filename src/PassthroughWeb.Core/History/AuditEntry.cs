namespace PassthroughWeb.Core.History;

/// <summary>One line of the audit trail: a change set or an event, with what every door lists and exports.</summary>
public sealed record AuditEntry
{
    public required AuditEntryKind Kind { get; init; }

    /// <summary>The change set's id, or the event's number as text.</summary>
    public required string Id { get; init; }

    /// <summary>For a change set its begin order, for an event its number: what orders entries of the same instant.</summary>
    public required long Key { get; init; }

    public required DateTimeOffset At { get; init; }
    public required string Host { get; init; }

    /// <summary>"change-set", or the event's kind (<c>verification</c>, <c>rehearsal</c> …).</summary>
    public required string What { get; init; }

    /// <summary>The steps concerned (<c>host</c>, <c>isolate</c>, <c>vm</c>, <c>guest</c>); empty when none is known.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    public required string User { get; init; }
    public required AuditOutcome Outcome { get; init; }
    public required string Summary { get; init; }

    /// <summary>The change set this entry is or belongs to (a verification's, a rollback's), or null.</summary>
    public Guid? ChangeSetId { get; init; }

    /// <summary>Where the next page starts when this entry is the last of a page.</summary>
    public AuditCursor Cursor => new(At.UtcTicks, Kind, Key);
}
