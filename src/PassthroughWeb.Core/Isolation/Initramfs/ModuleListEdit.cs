namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// Puts modules into a list value ahead of the drivers they must beat, touching only the words that move:
/// missing modules are inserted in front of the first such driver (or at the end), modules found after it are moved.
/// </summary>
internal static class ModuleListEdit
{
    public sealed record Result(IReadOnlyList<TextEdit> Edits, IReadOnlyList<string> Inserted, IReadOnlyList<string> Moved, string? FirstDriver);

    public static Result PlaceAhead(string text, ShellAssignment assignment, IReadOnlyList<string> wanted, IReadOnlyList<string> driversAfter)
    {
        var words = assignment.Words;
        var drivers = driversAfter.Select(InitramfsText.NormalizeModule).ToHashSet(StringComparer.Ordinal);
        var firstDriver = -1;
        for (var i = 0; i < words.Count; i++)
        {
            if (!drivers.Contains(InitramfsText.NormalizeModule(words[i].Value))) continue;
            firstDriver = i;
            break;
        }

        var toInsert = new List<string>();
        var moved = new List<string>();
        var removals = new List<int>();
        foreach (var module in wanted)
        {
            var normalized = InitramfsText.NormalizeModule(module);
            var index = -1;
            for (var i = 0; i < words.Count; i++)
            {
                if (InitramfsText.NormalizeModule(words[i].Value) != normalized) continue;
                index = i;
                break;
            }
            if (index >= 0 && (firstDriver < 0 || index < firstDriver)) continue;
            if (index >= 0)
            {
                removals.Add(index);
            }
            else
            {
                toInsert.Add(module);
            }
        }
        // Moved words keep their own order, ahead of the ones that are new.
        removals.Sort();
        moved.AddRange(removals.Select(i => words[i].Value));
        toInsert.InsertRange(0, moved);
        if (toInsert.Count == 0) return new Result([], [], [], null);

        var edits = new List<TextEdit>();
        if (assignment.Form == ShellValueForm.Bare)
        {
            var all = toInsert.Concat(words.Select(w => w.Value).Where((_, i) => !removals.Contains(i)));
            edits.Add(new TextEdit(assignment.InnerStart, assignment.InnerEnd - assignment.InnerStart, "(" + string.Join(' ', all) + ")"));
        }
        else
        {
            edits.AddRange(Removals(text, assignment, removals));
            var joined = string.Join(' ', toInsert);
            if (firstDriver >= 0) edits.Add(new TextEdit(words[firstDriver].Start, 0, joined + " "));
            else if (words.Count > 0) edits.Add(new TextEdit(words[^1].End, 0, " " + joined));
            else edits.Add(new TextEdit(assignment.InnerStart, 0, joined));
        }
        return new Result(edits, [.. toInsert.Except(moved, StringComparer.Ordinal)], moved, firstDriver >= 0 ? words[firstDriver].Value : null);
    }

    /// <summary>
    /// Deletes words with one separator each: the blanks before a word (or after it, when it starts its line or
    /// the list), and a line that is left holding only blanks, so "a b c" loses " b" and a word alone on its line
    /// of a multi-line array takes its line with it. Comments stay where they are.
    /// </summary>
    private static List<TextEdit> Removals(string text, ShellAssignment assignment, List<int> removals)
    {
        var deleted = new bool[text.Length];
        foreach (var index in removals)
        {
            var word = assignment.Words[index];
            for (var i = word.Start; i < word.End; i++) deleted[i] = true;
            var before = word.Start;
            while (before > assignment.InnerStart && text[before - 1] is ' ' or '\t') before--;
            if (before > assignment.InnerStart && text[before - 1] != '\n')
            {
                for (var i = before; i < word.Start; i++) deleted[i] = true;
            }
            else
            {
                for (var i = word.End; i < assignment.InnerEnd && text[i] is ' ' or '\t'; i++) deleted[i] = true;
            }
        }
        for (var lineStart = assignment.InnerStart; lineStart < assignment.InnerEnd;)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 || newline >= assignment.InnerEnd ? assignment.InnerEnd : newline;
            var touched = false;
            var remainsBlank = true;
            var startsLine = lineStart == 0 || text[lineStart - 1] == '\n';
            for (var i = lineStart; i < lineEnd; i++)
            {
                touched |= deleted[i];
                if (!deleted[i] && !char.IsWhiteSpace(text[i])) remainsBlank = false;
            }
            if (touched && remainsBlank && startsLine && lineEnd < assignment.InnerEnd)
            {
                for (var i = lineStart; i <= lineEnd; i++) deleted[i] = true;
            }
            lineStart = lineEnd + 1;
        }
        var edits = new List<TextEdit>();
        for (var i = assignment.InnerStart; i < assignment.InnerEnd; i++)
        {
            if (!deleted[i]) continue;
            var start = i;
            while (i < assignment.InnerEnd && deleted[i]) i++;
            edits.Add(new TextEdit(start, i - start, ""));
        }
        return edits;
    }
}
