namespace PassthroughWeb.Core.Changes;

/// <summary>
/// A text cut into lines the way <c>diff</c> and <c>patch</c> see it: on <c>\n</c> only, each line keeping its
/// terminator, so a <c>\r</c> stays part of the line and a last line without a newline differs from the same
/// line with one.
/// </summary>
internal static class TextLines
{
    public static IReadOnlyList<string> Split(string? text)
    {
        var lines = new List<string>();
        if (string.IsNullOrEmpty(text)) return lines;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }
            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return lines;
    }
}
