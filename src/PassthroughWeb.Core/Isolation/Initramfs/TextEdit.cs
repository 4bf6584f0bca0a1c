namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>A replacement of a span of a file's text; several are applied from the end so earlier spans stay valid.</summary>
internal sealed record TextEdit(int Start, int Length, string Replacement)
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var result = text;
        foreach (var edit in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.Length))
            result = result[..edit.Start] + edit.Replacement + result[(edit.Start + edit.Length)..];
        return result;
    }
}
