namespace PassthroughWeb.Core.BootLoaders;

/// <summary>A line of a config file: where it starts, where its content ends (before \r\n) and its number.</summary>
internal readonly record struct TextLine(int Start, int End, int Number)
{
    public static List<TextLine> Split(string text)
    {
        var lines = new List<TextLine>();
        var start = 0;
        var number = 1;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var next = newline < 0 ? text.Length : newline + 1;
            var end = newline < 0 ? text.Length : newline;
            if (end > start && text[end - 1] == '\r') end--;
            lines.Add(new TextLine(start, end, number++));
            start = next;
        }
        return lines;
    }

    /// <summary>The first non-blank character of the line, or <see cref="End"/>.</summary>
    public int ContentStart(string text)
    {
        var i = Start;
        while (i < End && text[i] is ' ' or '\t') i++;
        return i;
    }

    public bool IsBlankOrComment(string text)
    {
        var i = ContentStart(text);
        return i >= End || text[i] == '#';
    }

    /// <summary>Where the next line starts (after the newline), for inserting a line after this one.</summary>
    public int NextLineStart(string text)
    {
        var newline = text.IndexOf('\n', End);
        return newline < 0 ? text.Length : newline + 1;
    }
}
