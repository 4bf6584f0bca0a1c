using PassthroughWeb.Core.History;

namespace PassthroughWeb.Cli.Json;

/// <summary>One entry of the audit trail, as <c>GET /api/history</c>, <c>history --all --json</c> and the JSON export write it.</summary>
public sealed record AuditEntryDocument
{
    public required DateTimeOffset At { get; init; }
    public required string Host { get; init; }

    /// <summary><c>change-set</c>, or the event's kind (<c>verification</c>, <c>rehearsal</c>, <c>rollback</c> …).</summary>
    public required string What { get; init; }

    public required IReadOnlyList<string> Steps { get; init; }
    public required string User { get; init; }

    /// <summary><c>applied</c>, <c>failed</c>, <c>rolled-back</c>, <c>interrupted</c>, <c>in-progress</c>, <c>passed</c> or <c>recorded</c>.</summary>
    public required string Outcome { get; init; }

    public required string Summary { get; init; }

    /// <summary>The change set's id, or the event's number.</summary>
    public required string Id { get; init; }

    public required string? ChangeSetId { get; init; }

    public static AuditEntryDocument Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditEntryDocument
        {
            At = entry.At.ToUniversalTime(),
            Host = entry.Host,
            What = entry.What,
            Steps = entry.Steps,
            User = entry.User,
            Outcome = AuditFilter.WordOf(entry.Outcome),
            Summary = entry.Summary,
            Id = entry.Id,
            ChangeSetId = entry.ChangeSetId?.ToString("D"),
        };
    }
}
