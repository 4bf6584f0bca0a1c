using PassthroughWeb.Core.History;

namespace PassthroughWeb.Cli.Json;

/// <summary>A page of the audit trail: its entries, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record AuditPageDocument
{
    public required int SchemaVersion { get; init; }
    public required IReadOnlyList<AuditEntryDocument> Entries { get; init; }

    /// <summary>Pass it back as <c>after</c> (API) or <c>--after</c> (CLI) for the next page.</summary>
    public required string? Next { get; init; }

    public static AuditPageDocument Of(AuditPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new AuditPageDocument { SchemaVersion = AuditJson.SchemaVersion, Entries = [.. page.Entries.Select(AuditEntryDocument.Of)], Next = page.Next?.ToString() };
    }
}
