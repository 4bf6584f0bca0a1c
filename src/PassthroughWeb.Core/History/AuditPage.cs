namespace PassthroughWeb.Core.History;

/// <summary>One page of the audit trail, newest first, and where the next one starts (null on the last page).</summary>
public sealed record AuditPage
{
    public required IReadOnlyList<AuditEntry> Entries { get; init; }
    public AuditCursor? Next { get; init; }
}
