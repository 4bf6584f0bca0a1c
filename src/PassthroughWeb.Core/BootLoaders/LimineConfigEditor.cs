namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Edits a Limine configuration: the command line of every entry that boots Linux. Both syntaxes are read — v8+
/// <c>limine.conf</c> (<c>/Entry</c>, <c>key: value</c>, <c>cmdline:</c>) and the older <c>limine.cfg</c>
/// (<c>:Entry</c>, <c>KEY=value</c>, <c>CMDLINE=</c>/<c>KERNEL_CMDLINE=</c>). Macros such as <c>${KERN_VER}</c> are text
/// to keep, like everything else outside the parameters that change.
/// </summary>
public static class LimineConfigEditor
{
    public static CommandLineEdit Edit(ConfigFile file, IommuParameterSet set, string? bootedRoot = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(set);
        if (file.Text is not { } text) return CommandLineEdit.Refused($"{file.Path} does not exist.");
        var lines = TextLine.Split(text);
        var entries = new List<List<TextLine>>();
        foreach (var line in lines)
        {
            var c = line.ContentStart(text);
            var header = c < line.End && (text[c] == '/' || (text[c] == ':' && c == line.Start));
            if (header) entries.Add([line]);
            else if (entries.Count > 0) entries[^1].Add(line);
        }
        var splices = new List<(int, int, string)>();
        var notes = new List<string>();
        var edited = 0;
        foreach (var entry in entries)
        {
            var title = text[entry[0].ContentStart(text)..entry[0].End].Trim();
            var options = entry.Skip(1).Select(l => (Line: l, Option: Option(text, l))).Where(o => o.Option is not null).ToList();
            var protocol = options.LastOrDefault(o => o.Option!.Value.Key is "protocol").Option;
            if (protocol is null || !text[protocol.Value.ValueStart..protocol.Value.ValueEnd].Trim().Equals("linux", StringComparison.OrdinalIgnoreCase))
                continue;
            var cmdlines = options.Where(o => o.Option!.Value.Key is "cmdline" or "kernel_cmdline").ToList();
            var regions = cmdlines.Select(o => new CommandLineRegion(0, o.Option!.Value.ValueStart, o.Option!.Value.ValueEnd)).ToList();
            var tokens = regions.SelectMany(r => KernelCommandLine.Tokenize(text, r.Start, r.End)).Select(t => t.Text).ToList();
            if (EditSupport.BootsAnotherSystem(tokens, bootedRoot))
            {
                notes.Add($"The Limine entry '{title}' boots another system (root={EditSupport.RootOf(tokens)}) and is left alone.");
                continue;
            }
            var result = RegionEditor.Edit([text], regions, set);
            if (result.UnclosedQuote is not null) return CommandLineEdit.Refused(result.UnclosedQuoteProblem($"The Limine entry '{title}' in {file.Path}"), notes);
            if (result.Unplaced.Count > 0)
            {
                // No command line yet: one after the kernel path, in the entry's own syntax and indentation.
                var anchor = options.LastOrDefault(o => o.Option!.Value.Key is "kernel_path" or "path");
                var line = anchor.Option is null ? entry[^1] : anchor.Line;
                var indent = text[line.Start..line.ContentStart(text)];
                var legacy = anchor.Option is { } a ? a.Legacy : text[entry[0].ContentStart(text)] == ':';
                var added = indent + (legacy ? "CMDLINE=" : "cmdline: ") + string.Join(' ', result.Unplaced.Select(p => p.Text));
                var (at, insert) = EditSupport.LineAfter(text, line, added);
                splices.Add((at, at, insert));
                edited++;
                continue;
            }
            if (result.Texts[0] == text) continue;
            // The region editor worked on the whole text: take back only what changed inside this entry's lines.
            var first = entry[0].Start;
            var lastEnd = entry[^1].End;
            var delta = result.Texts[0].Length - text.Length;
            splices.Add((first, lastEnd, result.Texts[0][first..(lastEnd + delta)]));
            notes.AddRange(result.Notes.Select(n => $"{n} (Limine entry '{title}')"));
            edited++;
        }
        var after = RegionEditor.Splice(text, splices);
        return new CommandLineEdit
        {
            Files = after == text ? [] : [EditSupport.Change(file, after, "Adds the IOMMU parameters to the command line of each Limine entry that boots this Linux system.")],
            Notes = notes,
            Target = $"the cmdline of {(edited == 1 ? "one Linux entry" : $"{edited} Linux entries")} in {file.Path}",
        };
    }

    /// <summary>An entry option: v8 <c>key: value</c> or legacy <c>KEY=value</c>, keys compared in lower case.</summary>
    private static (string Key, int ValueStart, int ValueEnd, bool Legacy)? Option(string text, TextLine line)
    {
        var start = line.ContentStart(text);
        if (start >= line.End || text[start] == '#') return null;
        var i = start;
        while (i < line.End && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        if (i == start || i >= line.End) return null;
        var legacy = text[i] == '=';
        if (!legacy && text[i] != ':') return null;
        var value = i + 1;
        if (!legacy)
        {
            while (value < line.End && text[value] is ' ' or '\t') value++;
        }
        return (text[start..i].ToLowerInvariant(), value, line.End, legacy);
    }
}
