using System.Text.RegularExpressions;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>How a shell variable's list value is written: <c>NAME=(a b)</c>, <c>NAME="a b"</c>, <c>NAME='a b'</c> or a bare word.</summary>
internal enum ShellValueForm
{
    Array,
    DoubleQuoted,
    SingleQuoted,
    Bare,
}

/// <summary>One word of a list value, unquoted, with its span in the file text.</summary>
internal sealed record ShellWord(string Value, int Start, int End);

/// <summary>
/// A top-level assignment of a list variable in a bash/sh configuration file (mkinitcpio.conf, dracut.conf), with
/// the span of its value's inside, so a planner can edit a word without touching the rest of the file.
/// </summary>
internal sealed partial record ShellAssignment(string Name, bool Appends, ShellValueForm Form, int Line, int InnerStart, int InnerEnd, IReadOnlyList<ShellWord> Words)
{
    public IEnumerable<string> Values => Words.Select(w => w.Value);

    /// <summary>The value's ( or quote is never closed: the shell refuses the file, so it must not be edited.</summary>
    public bool Unclosed { get; init; }

    /// <summary>
    /// Why bash would not read the value as the list it looks like, in words after "NAME= on line N": text glued to the
    /// array's closing ) (<c>HOOKS=(base udev)x</c>: the whole value becomes one string, or the rest a command), or a
    /// parenthesis inside a bare word (a syntax error). Null when it reads as it looks.
    /// </summary>
    public string? Misread { get; init; }

    /// <summary>The shell would refuse the value or not read it as the list it looks like: it must not be edited.</summary>
    public bool Unreadable => Unclosed || Misread is not null;

    [GeneratedRegex(@"\G[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)(\+?=)")]
    private static partial Regex AssignmentStart();

    /// <summary>Every assignment of the named variables, in file order. Commented-out lines are not assignments.</summary>
    public static List<ShellAssignment> Find(string text, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<ShellAssignment>();
        var position = 0;
        var line = 1;
        while (position < text.Length)
        {
            var match = AssignmentStart().Match(text, position);
            var next = NextLineStart(text, position);
            if (match.Success && names.Contains(match.Groups[1].Value, StringComparer.Ordinal))
            {
                var valueStart = match.Index + match.Length;
                var assignment = ParseValue(text, match.Groups[1].Value, match.Groups[2].Value == "+=", valueStart, line, out var end);
                found.Add(assignment);
                next = NextLineStart(text, Math.Max(end - 1, valueStart));
            }
            line += CountNewlines(text, position, next);
            position = next;
        }
        return found;
    }

    private static ShellAssignment ParseValue(string text, string name, bool appends, int start, int line, out int end)
    {
        if (start < text.Length && text[start] == '(')
        {
            var words = new List<ShellWord>();
            var i = start + 1;
            while (i < text.Length && text[i] != ')')
            {
                var c = text[i];
                if (char.IsWhiteSpace(c) || c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                    continue;
                }
                if (c == '#')
                {
                    while (i < text.Length && text[i] != '\n') i++;
                    continue;
                }
                var wordStart = i;
                var value = ReadWord(text, ref i, stopAtParen: true);
                // A quote opened in the word and never closed runs past the end of the text.
                i = Math.Min(i, text.Length);
                words.Add(new ShellWord(value, wordStart, i));
            }
            end = Math.Min(i + 1, text.Length);
            var glued = end;
            while (glued < text.Length && !char.IsWhiteSpace(text[glued]) && text[glued] is not (';' or '#')) glued++;
            return new ShellAssignment(name, appends, ShellValueForm.Array, line, start + 1, i, words)
            {
                Unclosed = i >= text.Length,
                Misread = i < text.Length && glued > end ? $"has '{text[end..glued]}' right after its closing )" : null,
            };
        }
        if (start < text.Length && (text[start] == '"' || text[start] == '\''))
        {
            var quote = text[start];
            var i = start + 1;
            while (i < text.Length && text[i] != quote)
            {
                if (quote == '"' && text[i] == '\\') i++;
                i++;
            }
            var inner = Math.Min(i, text.Length);
            end = Math.Min(i + 1, text.Length);
            return new ShellAssignment(name, appends, quote == '"' ? ShellValueForm.DoubleQuoted : ShellValueForm.SingleQuoted, line, start + 1, inner, SplitWords(text, start + 1, inner))
            {
                Unclosed = i >= text.Length,
            };
        }
        var j = start;
        while (j < text.Length && !char.IsWhiteSpace(text[j]) && text[j] != ';' && text[j] != '#') j++;
        end = j;
        return new ShellAssignment(name, appends, ShellValueForm.Bare, line, start, j, j > start ? [new ShellWord(text[start..j], start, j)] : [])
        {
            Misread = text.AsSpan(start, j - start).IndexOfAny('(', ')') >= 0 ? $"has a parenthesis inside the word '{text[start..j]}'" : null,
        };
    }

    private static string ReadWord(string text, ref int i, bool stopAtParen)
    {
        var value = new System.Text.StringBuilder();
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(stopAtParen && text[i] == ')'))
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (c == '"' && text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i]);
                    i++;
                }
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }
            value.Append(c);
            i++;
        }
        return value.ToString();
    }

    private static List<ShellWord> SplitWords(string text, int start, int end)
    {
        var words = new List<ShellWord>();
        var i = start;
        while (i < end)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i])) i++;
            words.Add(new ShellWord(text[wordStart..i], wordStart, i));
        }
        return words;
    }

    private static int NextLineStart(string text, int position)
    {
        var newline = text.IndexOf('\n', position);
        return newline < 0 ? text.Length : newline + 1;
    }

    private static int CountNewlines(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to && i < text.Length; i++)
        {
            if (text[i] == '\n') count++;
        }
        return count;
    }
}
