namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Edits systemd-boot (Boot Loader Specification type #1) entries: the <c>options</c> lines of every entry that
/// boots a Linux kernel. Entries that start an EFI program (<c>efi</c> without <c>linux</c>: a shell, rEFInd, Windows)
/// are left alone — their options are that program's arguments, not a kernel command line.
/// </summary>
public static class LoaderEntryEditor
{
    /// <param name="entries">The entry files.</param>
    /// <param name="set">What the command line should have.</param>
    /// <param name="bootedRoot">root= of the running system (from proc/cmdline), to leave entries of other systems alone; null to edit all.</param>
    public static CommandLineEdit Edit(IReadOnlyList<ConfigFile> entries, IommuParameterSet set, string? bootedRoot = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(set);
        var changes = new List<Changes.FileChange>();
        var notes = new List<string>();
        var edited = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Text is not { } text) continue;
            var lines = TextLine.Split(text);
            var keys = lines.Select(l => Key(text, l)).ToList();
            if (!keys.Any(k => k.Name == "linux"))
            {
                if (keys.Any(k => k.Name is "efi" or "uki"))
                    notes.Add($"{entry.Path} starts an EFI program or a unified kernel image, not a kernel with its own options line; it is left alone.");
                continue;
            }
            var regions = new List<CommandLineRegion>();
            for (var i = 0; i < lines.Count; i++)
            {
                // "options" with nothing after it and no blank to separate a value: a value put there would join the key
                // ("optionsintel_iommu=on"); such a line holds nothing and the parameters get an options line of their own.
                if (keys[i].Name == "options" && !(keys[i].ValueStart == keys[i].NameEnd && KernelCommandLine.Tokenize(text, keys[i].ValueStart, lines[i].End).Count == 0))
                    regions.Add(new CommandLineRegion(0, keys[i].ValueStart, lines[i].End));
            }
            var tokens = regions.SelectMany(r => KernelCommandLine.Tokenize(text, r.Start, r.End)).Select(t => t.Text).ToList();
            if (EditSupport.BootsAnotherSystem(tokens, bootedRoot))
            {
                notes.Add($"{entry.Path} boots another system (root={EditSupport.RootOf(tokens)}), so it is left alone.");
                continue;
            }
            var result = RegionEditor.Edit([text], regions, set);
            if (result.UnclosedQuote is not null) return CommandLineEdit.Refused(result.UnclosedQuoteProblem($"The options of {entry.Path}"), notes);
            var after = result.Texts[0];
            if (result.Unplaced.Count > 0)
            {
                // No options line: add one after the kernel and initrd lines, in the entry's own key/value spacing.
                var anchor = Enumerable.Range(0, lines.Count).Last(i => keys[i].Name is "linux" or "initrd");
                var separator = text[keys[anchor].NameEnd..keys[anchor].ValueStart];
                // A key with nothing after it ("linux" alone) has no spacing to copy; "options" needs one blank before its value.
                if (separator.Length == 0) separator = " ";
                var (at, line) = EditSupport.LineAfter(text, lines[anchor], "options" + separator + string.Join(' ', result.Unplaced.Select(p => p.Text)));
                after = RegionEditor.Splice(text, [(at, at, line)]);
            }
            notes.AddRange(result.Notes.Select(n => $"{n} ({entry.Path})"));
            if (after == text) continue;
            edited.Add(entry.Path);
            changes.Add(EditSupport.Change(entry, after, "Adds the IOMMU parameters to this boot entry's options line, which systemd-boot hands to the kernel."));
        }
        return new CommandLineEdit
        {
            Files = changes,
            Notes = notes,
            Target = edited.Count > 0 ? $"the options line of {string.Join(", ", edited)}" : "the loader entries (nothing to add)",
        };
    }

    /// <summary>The key of a line (<c>options</c>) and where its value starts after the blanks that follow the key.</summary>
    internal static (string Name, int NameEnd, int ValueStart) Key(string text, TextLine line)
    {
        var start = line.ContentStart(text);
        if (start >= line.End || text[start] == '#') return ("", start, start);
        var end = start;
        // systemd-boot ends a line at \r as at \n: "options\r" is the key "options".
        while (end < line.End && text[end] is not (' ' or '\t' or '\r')) end++;
        var value = end;
        while (value < line.End && text[value] is ' ' or '\t') value++;
        return (text[start..end], end, value);
    }
}
