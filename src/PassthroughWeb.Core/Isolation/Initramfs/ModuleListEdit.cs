namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// Puts modules into a list value ahead of the drivers they must beat, touching only the words that move:
/// missing modules are inserted in front of the first such driver (or at the end), modules found after it are moved.
/// </summary>
internal static class ModuleListEdit
{
    public sealed record Result(IReadOnlyList<TextEdit> Edits, IReadOnlyList<string> Inserted, IReadOnlyList<string> Moved, string? FirstDriver);

    public static Result PlaceAhead(ShellAssignment assignment, IReadOnlyList<string> wanted, IReadOnlyList<string> driversAfter)
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
            foreach (var index in removals)
            {
                // Take the whitespace before the word with it, so "a b c" loses " b" and keeps its spacing.
                var start = index > 0 ? words[index - 1].End : words[index].Start;
                var end = index > 0 ? words[index].End : (index + 1 < words.Count ? words[index + 1].Start : words[index].End);
                edits.Add(new TextEdit(start, end - start, ""));
            }
            var joined = string.Join(' ', toInsert);
            if (firstDriver >= 0) edits.Add(new TextEdit(words[firstDriver].Start, 0, joined + " "));
            else if (words.Count > 0) edits.Add(new TextEdit(words[^1].End, 0, " " + joined));
            else edits.Add(new TextEdit(assignment.InnerStart, 0, joined));
        }
        return new Result(edits, [.. toInsert.Except(moved, StringComparer.Ordinal)], moved, firstDriver >= 0 ? words[firstDriver].Value : null);
    }
}
