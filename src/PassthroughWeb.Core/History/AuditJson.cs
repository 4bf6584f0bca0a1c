using System.Text.Encodings.Web;
using System.Text.Json;

namespace PassthroughWeb.Core.History;

/// <summary>
/// The audit trail as JSON (<c>{"schemaVersion": 1, "entries": [...]}</c>, each entry as the API's history page
/// lists it), written as the entries arrive.
/// </summary>
public static class AuditJson
{
    public const int SchemaVersion = 1;

    private const int EntriesPerFlush = 200;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteStartArray("entries");
        var count = 0;
        await foreach (var entry in entries.WithCancellation(ct).ConfigureAwait(false))
        {
            WriteEntry(writer, entry);
            if (++count % EntriesPerFlush == 0) await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>One entry: <c>at</c>, <c>host</c>, <c>what</c>, <c>steps</c>, <c>user</c>, <c>outcome</c>, <c>summary</c>, <c>id</c>, <c>changeSetId</c>.</summary>
    public static void WriteEntry(Utf8JsonWriter writer, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteString("at", entry.At.ToUniversalTime());
        writer.WriteString("host", entry.Host);
        writer.WriteString("what", entry.What);
        writer.WriteStartArray("steps");
        foreach (var step in entry.Steps) writer.WriteStringValue(step);
        writer.WriteEndArray();
        writer.WriteString("user", entry.User);
        writer.WriteString("outcome", AuditFilter.WordOf(entry.Outcome));
        writer.WriteString("summary", entry.Summary);
        writer.WriteString("id", entry.Id);
        if (entry.ChangeSetId is { } set) writer.WriteString("changeSetId", set.ToString("D"));
        else writer.WriteNull("changeSetId");
        writer.WriteEndObject();
    }
}
