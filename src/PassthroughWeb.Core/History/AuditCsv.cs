using System.Globalization;
using System.Text;

namespace PassthroughWeb.Core.History;

/// <summary>
/// The audit trail as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote or a line break,
/// quotes doubled), written as the entries arrive so an export of 100,000 entries never sits in memory.
/// </summary>
public static class AuditCsv
{
    public static IReadOnlyList<string> Header { get; } = ["at", "host", "what", "steps", "user", "outcome", "summary", "id", "changeSetId"];

    /// <summary>How many rows go out between two flushes: the download starts at once and memory stays flat.</summary>
    private const int RowsPerFlush = 200;

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Row(Header)).ConfigureAwait(false);
        var rows = 0;
        await foreach (var entry in entries.WithCancellation(ct).ConfigureAwait(false))
        {
            await writer.WriteAsync(Row(Fields(entry))).ConfigureAwait(false);
            if (++rows % RowsPerFlush == 0) await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    public static IReadOnlyList<string> Fields(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return
        [
            entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            entry.Host, entry.What, string.Join(',', entry.Steps), entry.User, AuditFilter.WordOf(entry.Outcome), entry.Summary,
            entry.Id, entry.ChangeSetId?.ToString("D") ?? "",
        ];
    }

    /// <summary>One record with its CRLF.</summary>
    public static string Row(IEnumerable<string> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    /// <summary>
    /// One field, safe to open in a spreadsheet: text starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> (or a tab or
    /// carriage return, which some spreadsheets skip before reading a formula) gets a leading <c>'</c>, so a host name or
    /// summary an attacker chose is shown as text and never run as a formula. Then quoted as RFC 4180 says.
    /// </summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
