namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Edits rEFInd's <c>refind_linux.conf</c>: each line is <c>"title" "options"</c>, one menu choice for the kernels in
/// that directory. The options inside the second pair of quotes get the parameters; titles, spacing, comments stay.
/// </summary>
public static class RefindLinuxConfEditor
{
    public static CommandLineEdit Edit(ConfigFile file, IommuParameterSet set, string? bootedRoot = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(set);
        if (file.Text is not { } text) return CommandLineEdit.Refused($"{file.Path} does not exist.");
        if (set.Wanted.Any(w => w.Parameter.Text.Contains('"', StringComparison.Ordinal)))
            return CommandLineEdit.Refused($"A parameter with double quotes cannot be written inside the quoted options of {file.Path}.");
        var splices = new List<(int, int, string)>();
        var notes = new List<string>();
        foreach (var line in TextLine.Split(text))
        {
            if (line.IsBlankOrComment(text)) continue;
            var fields = Fields(text, line);
            if (fields.Count < 2)
            {
                notes.Add($"Line {line.Number} of {file.Path} has no options field and is left alone.");
                continue;
            }
            var (start, end, quoted) = fields[1];
            if (!quoted)
            {
                notes.Add($"The options on line {line.Number} of {file.Path} are not in double quotes and are left alone; add the parameters there by hand.");
                continue;
            }
            var tokens = KernelCommandLine.Tokenize(text, start, end).Select(t => t.Text).ToList();
            if (EditSupport.BootsAnotherSystem(tokens, bootedRoot))
            {
                notes.Add($"Line {line.Number} of {file.Path} boots another system (root={EditSupport.RootOf(tokens)}) and is left alone.");
                continue;
            }
            var region = RegionEditor.Edit([text[..end]], [new CommandLineRegion(0, start, end)], set);
            if (region.UnclosedQuote is not null) return CommandLineEdit.Refused(region.UnclosedQuoteProblem($"Line {line.Number} of {file.Path}"), notes);
            if (region.Texts[0] == text[..end]) continue;
            splices.Add((start, end, region.Texts[0][start..]));
            notes.AddRange(region.Notes.Select(n => $"{n} ({file.Path}, line {line.Number})"));
        }
        var after = RegionEditor.Splice(text, splices);
        return new CommandLineEdit
        {
            Files = after == text ? [] : [EditSupport.Change(file, after, "Adds the IOMMU parameters to the options of each menu line rEFInd builds for these kernels.")],
            Notes = notes,
            Target = $"the options of each line of {file.Path}",
        };
    }

    /// <summary>The whitespace-separated fields of a line; a quoted field's span is inside its quotes.</summary>
    private static List<(int Start, int End, bool Quoted)> Fields(string text, TextLine line)
    {
        var fields = new List<(int, int, bool)>();
        var i = line.Start;
        while (i < line.End)
        {
            while (i < line.End && text[i] is ' ' or '\t') i++;
            if (i >= line.End) break;
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0 || close > line.End) close = line.End;
                fields.Add((i + 1, close, true));
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < line.End && text[i] is not (' ' or '\t')) i++;
            fields.Add((start, i, false));
        }
        return fields;
    }
}
