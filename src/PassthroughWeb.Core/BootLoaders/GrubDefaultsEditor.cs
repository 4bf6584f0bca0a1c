using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Edits <c>/etc/default/grub</c> and its drop-ins (<c>/etc/default/grub.d/*.cfg</c>, sourced after it in name order)
/// the way a careful person would: it finds the assignment that really sets the command line (the last one that runs
/// unconditionally), adds only the missing parameters inside its value, replaces conflicting ones where they were
/// written (even inside another variable the value references), and leaves every other byte alone.
/// </summary>
public static class GrubDefaultsEditor
{
    public const string MainFile = "/etc/default/grub";
    public const string DropInDirectory = "/etc/default/grub.d";
    public const string DefaultVariable = "GRUB_CMDLINE_LINUX_DEFAULT";
    public const string LinuxVariable = "GRUB_CMDLINE_LINUX";

    private static readonly string[] PassthroughNames =
        ["intel_iommu", "amd_iommu", "iommu", "vfio_pci.ids", "pcie_acs_override", "vfio_iommu_type1.allow_unsafe_interrupts"];

    /// <summary>The main file and its drop-ins, in the order grub-mkconfig sources them.</summary>
    public static IReadOnlyList<ConfigFile> ReadFiles(Host.HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var files = new List<ConfigFile> { new(MainFile, root.TryReadText(MainFile)) };
        foreach (var name in root.ListNames(DropInDirectory).Where(n => n.EndsWith(".cfg", StringComparison.Ordinal)))
        {
            var path = $"{DropInDirectory}/{name}";
            var text = root.TryReadText(path);
            if (text is not null) files.Add(new ConfigFile(path, text));
        }
        return files;
    }

    /// <summary>The value a variable ends up with after all files are sourced (command output shows as U+FFFC), or null if unset or unreadable.</summary>
    public static string? ValueOf(IReadOnlyList<ConfigFile> files, string variable)
    {
        ArgumentNullException.ThrowIfNull(files);
        var scripts = Scripts(files);
        if (scripts.Any(s => s.Problem is not null)) return null;
        var evaluator = new ShellEvaluator(scripts);
        return evaluator.IsAssigned(variable) ? evaluator.TextOf(variable) : null;
    }

    /// <summary>GRUB_ENABLE_BLSCFG=true: the kernels are BLS entries in /boot/loader/entries with their own options.</summary>
    public static bool IsBlsEnabled(IReadOnlyList<ConfigFile> files) => ValueOf(files, "GRUB_ENABLE_BLSCFG") == "true";

    public static CommandLineEdit Edit(IReadOnlyList<ConfigFile> files, IommuParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(set);
        if (files.Count == 0 || files[0].Path != MainFile) throw new ArgumentException($"The first file must be {MainFile}.", nameof(files));

        var scripts = Scripts(files);
        for (var i = 0; i < files.Count; i++)
        {
            if (scripts[i].Problem is { } problem)
                return CommandLineEdit.Refused($"{files[i].Path} could not be read safely ({problem}), so it is not edited.");
        }
        var evaluator = new ShellEvaluator(scripts);
        var bls = evaluator.TextOf("GRUB_ENABLE_BLSCFG") == "true";
        // GRUB puts GRUB_CMDLINE_LINUX, then GRUB_CMDLINE_LINUX_DEFAULT on a normal entry's linux line.
        var linuxValue = evaluator.ValueOf(LinuxVariable);
        var combined = linuxValue.Append(ShellValueChar.Unknown with { Char = ' ' }).Concat(evaluator.ValueOf(DefaultVariable)).ToList();
        // A quote left open inside the value groups everything after it into one argument, for GRUB and for the kernel:
        // parameters added there would be swallowed (and added again on every plan).
        foreach (var quote in new[] { '"', '\'' })
        {
            if (combined.Count(c => c.Char == quote) % 2 != 0)
            {
                return CommandLineEdit.Refused(
                    $"The command line in {LinuxVariable}/{DefaultVariable} has a {(quote == '"' ? "double" : "single")} quote ({quote}) that is never closed inside its value, so GRUB and the kernel " +
                    "would read every parameter after it as part of one value. Remove or close that quote by hand, then plan again.");
            }
        }
        var ranges = ShellEvaluator.TokenRanges(combined);
        var tokens = ranges.Select(r => combined.GetRange(r.Start, r.End - r.Start)).ToList();
        var linuxTokens = tokens.Take(ranges.Count(r => r.End <= linuxValue.Count)).ToList();
        var defaultTokens = tokens.Skip(linuxTokens.Count).ToList();
        var notes = new List<string>();

        string variable;
        if (HasPassthroughParameters(defaultTokens)) variable = DefaultVariable;
        else if (HasPassthroughParameters(linuxTokens))
        {
            variable = LinuxVariable;
            notes.Add($"{LinuxVariable} already holds this host's IOMMU/vfio parameters, so the parameters go there too (it applies to every entry, recovery included).");
        }
        else if (bls)
        {
            variable = LinuxVariable;
            notes.Add($"GRUB_ENABLE_BLSCFG=true: grubby keeps {LinuxVariable} and the boot entries in step, so the parameters go into {LinuxVariable}.");
        }
        else variable = DefaultVariable;
        foreach (var name in new[] { LinuxVariable, DefaultVariable })
        {
            if (evaluator.IsUncertain(name))
                notes.Add($"Part of {name} comes from command output or shell functions that were not run; parameters it adds that way could not be checked.");
        }

        var commandLine = string.Join(' ', tokens.Select(TextOf));
        var merge = ParameterMerge.Merge(tokens.Select(TextOf).ToList(), set);
        var splices = files.Select(_ => new List<(int Start, int End, string Text)>()).ToList();

        foreach (var (index, replacement) in merge.Edits)
        {
            var token = tokens[index];
            if (!IsEditable(token))
            {
                return CommandLineEdit.Refused(
                    $"{TextOf(token)} is on the command line but is put together from several places (variables or command output), so it cannot be changed automatically. {(replacement is null ? "Remove it" : $"Replace it with {replacement}")} in {Describe(files, token)} by hand.",
                    notes);
            }
            var file = token[0].File;
            var text = files[file].Text!;
            var start = token[0].RawStart;
            var end = token[^1].RawEnd;
            if (replacement is not null)
            {
                var escaped = Escape(replacement, token[0].Quote);
                if (escaped is null) return CommandLineEdit.Refused($"{replacement} cannot be written inside the single quotes of {Describe(files, token)}; change it by hand.", notes);
                splices[file].Add((start, end, escaped));
                notes.Add($"{merge.Reasons[index]} ({Describe(files, token)})");
                continue;
            }
            // Take the blanks before the parameter with it (escaped blanks too: "a\\ b" loses "\\ b"), or after it if it comes first.
            var (s, e) = (start, end);
            var range = ranges[index];
            var before = range.Start - 1;
            while (before >= 0 && SameStretch(combined[before], s) && ShellEvaluator.IsBlank(combined[before].Char))
            {
                s = combined[before].RawStart;
                before--;
            }
            if (s == start)
            {
                var after = range.End;
                while (after < combined.Count && SameStretch(combined[after], e, forward: true) && ShellEvaluator.IsBlank(combined[after].Char))
                {
                    e = combined[after].RawEnd;
                    after++;
                }
                if (after >= combined.Count || !SameStretch(combined[after], e, forward: true)) e = end;
            }
            bool SameStretch(ShellValueChar c, int at, bool forward = false) =>
                !c.IsUnknown && c.File == file && c.Quote == token[0].Quote && (forward ? c.RawStart == at : c.RawEnd == at);
            splices[file].Add((s, e, ""));
            notes.Add($"{merge.Reasons[index]} ({Describe(files, token)})");
        }

        string? target = null;
        if (merge.Additions.Count > 0)
        {
            var all = scripts.SelectMany(s => s.Assignments).Where(a => a.Name == variable && !a.InFunction).ToList();
            var lastIndex = all.FindLastIndex(a => !a.Conditional);
            if (lastIndex < 0 && all.Count > 0)
            {
                return CommandLineEdit.Refused(
                    $"{variable} is set only inside a condition ({files[all[^1].File].Path}, line {all[^1].Line}), so no single place decides its value. Add {string.Join(' ', merge.Additions)} to it by hand.",
                    notes);
            }
            var addition = string.Join(' ', merge.Additions.Select(a => a.Text));
            if (lastIndex < 0)
            {
                var (at, line) = NewLinePosition(files[0].Text, scripts[0]);
                var newLine = $"{variable}=\"{Escape(addition, ShellQuote.Double)}\"";
                var main = files[0].Text;
                // A line continued with a backslash before the new line would join it ("f\" + newline + GRUB_… is one word to bash).
                var continued = main is null ? "" : EndsInLineContinuation(main[..at]) ? "\n\n" : main[..at].EndsWith('\n') && EndsInLineContinuation(main[..(at - 1)]) ? "\n" : "";
                if (main is null) splices[0].Add((0, 0, newLine + "\n"));
                else if (at == main.Length && main.Length > 0 && !main.EndsWith('\n')) splices[0].Add((at, at, (continued.Length > 0 ? continued : "\n") + newLine));
                else splices[0].Add((at, at, continued + newLine + "\n"));
                target = $"a new {variable} line in {MainFile}{(main is null ? " (the file is created)" : $", line {line}")}";
                notes.Add($"{variable} is not set anywhere, so one line setting it is added to {MainFile}.");
            }
            else
            {
                // The last unconditional assignment decides; later conditional ones that overwrite the value get the parameters too.
                var targets = new List<ShellAssignment> { all[lastIndex] };
                targets.AddRange(all.Skip(lastIndex + 1).Where(a => !a.Appends && !a.Pieces.Any(p => p.Kind == ShellPieceKind.Variable && p.Name == variable)));
                foreach (var assignment in targets)
                {
                    var (at, quote) = InsertionPoint(files[assignment.File].Text!, assignment);
                    var escaped = Escape(addition, quote);
                    if (escaped is null) return CommandLineEdit.Refused($"The parameters cannot be written inside the single quotes of {variable} in {files[assignment.File].Path}; add {addition} by hand.", notes);
                    // An empty "+=" still appends to the value set before it: without a blank the first parameter would
                    // be glued to that value's last word.
                    var needsBlank = assignment.Pieces.Count > 0
                        ? !(assignment.Pieces[^1].Kind == ShellPieceKind.Literal && assignment.Pieces[^1].Char is ' ' or '\t')
                        : assignment.Appends;
                    splices[assignment.File].Add((at, at, (needsBlank ? Escape(" ", quote) : "") + escaped));
                }
                var main = targets[0];
                target = $"{variable} in {files[main.File].Path}, line {main.Line}";
                if (main.File > 0)
                    notes.Add($"{files[main.File].Path} is sourced after {MainFile} and sets {variable} last, so that is the assignment that counts and the one edited.");
                if (targets.Count > 1)
                    notes.Add($"{variable} is also overwritten inside a condition ({string.Join(", ", targets.Skip(1).Select(t => $"{files[t.File].Path} line {t.Line}"))}); those assignments get the parameters too.");
            }
        }

        var changes = new List<FileChange>();
        for (var f = 0; f < files.Count; f++)
        {
            if (splices[f].Count == 0) continue;
            var before = files[f].Text;
            var after = RegionEditor.Splice(before ?? "", splices[f]);
            changes.Add(new FileChange
            {
                Path = files[f].Path,
                Before = before,
                After = after,
                Mode = before is null ? (UnixFileMode)0b110_100_100 : null,
                Reason = $"Adds the IOMMU parameters to {variable}, which grub-mkconfig puts on the kernel command line of every normal boot entry.",
            });
        }
        return new CommandLineEdit { Files = changes, Notes = notes, Target = target ?? $"{variable} (nothing to add)", CommandLineBefore = commandLine };
    }

    private static List<ShellScript> Scripts(IReadOnlyList<ConfigFile> files) =>
        files.Select((f, i) => ShellScript.Read(f.Text ?? "", i)).ToList();

    /// <summary>IOMMU or vfio parameters, or rd.driver.pre=vfio-pci: where the user keeps passthrough settings.</summary>
    internal static bool HasPassthroughParameters(IEnumerable<string> tokens) =>
        tokens.Any(t =>
        {
            var name = KernelParameter.NormalizeName(KernelCommandLine.NameOf(t));
            return PassthroughNames.Contains(name, StringComparer.Ordinal)
                || (name == "rd.driver.pre" && t.Contains("vfio", StringComparison.Ordinal));
        });

    private static bool HasPassthroughParameters(List<List<ShellValueChar>> tokens) => HasPassthroughParameters(tokens.Select(TextOf));

    private static string TextOf(List<ShellValueChar> token) => new(token.Select(c => c.Char).ToArray());

    /// <summary>All characters written in one stretch of one file, with one kind of quoting: a splice can replace them.</summary>
    private static bool IsEditable(List<ShellValueChar> token)
    {
        if (token.Any(c => c.IsUnknown)) return false;
        for (var i = 1; i < token.Count; i++)
        {
            if (token[i].File != token[0].File || token[i].Quote != token[0].Quote) return false;
            if (token[i].RawStart != token[i - 1].RawEnd) return false;
        }
        return true;
    }

    private static string Describe(IReadOnlyList<ConfigFile> files, List<ShellValueChar> token)
    {
        var known = token.FirstOrDefault(c => !c.IsUnknown);
        if (known.File < 0 || files[known.File].Text is null) return "the GRUB configuration";
        return $"{files[known.File].Path}, line {ShellScript.LineOf(files[known.File].Text!, known.RawStart)}";
    }

    /// <summary>Where text appended to an assignment's value goes: before its closing quote, or after its last character.</summary>
    private static (int At, ShellQuote Quote) InsertionPoint(string text, ShellAssignment assignment)
    {
        if (assignment.WordEnd == assignment.WordStart) return (assignment.WordStart, ShellQuote.None);
        if (assignment.Pieces.Count > 0 && assignment.Pieces[^1].RawEnd == assignment.WordEnd) return (assignment.WordEnd, ShellQuote.None);
        var closing = text[assignment.WordEnd - 1];
        return (assignment.WordEnd - 1, closing == '\'' ? ShellQuote.Single : ShellQuote.Double);
    }

    /// <summary>An odd run of backslashes at the end escapes the newline after it; an even run is escaped backslashes.</summary>
    private static bool EndsInLineContinuation(string text)
    {
        var run = 0;
        while (run < text.Length && text[text.Length - 1 - run] == '\\') run++;
        return run % 2 == 1;
    }

    /// <summary>After the last unconditional GRUB_CMDLINE_LINUX line of the main file, else at its end.</summary>
    private static (int At, int Line) NewLinePosition(string? text, ShellScript main)
    {
        if (text is null) return (0, 1);
        var linux = main.Assignments.LastOrDefault(a => a.Name == LinuxVariable && !a.Conditional && !a.InFunction);
        if (linux is not null)
        {
            var newline = text.IndexOf('\n', linux.WordEnd);
            if (newline >= 0) return (newline + 1, ShellScript.LineOf(text, newline + 1));
        }
        return (text.Length, ShellScript.LineOf(text, text.Length) + (text.EndsWith('\n') || text.Length == 0 ? 0 : 1));
    }

    /// <summary>Text as it must be written to read back the same inside the given quoting; null when it cannot be (a ' inside '…').</summary>
    internal static string? Escape(string value, ShellQuote quote)
    {
        switch (quote)
        {
            case ShellQuote.Single:
                return value.Contains('\'', StringComparison.Ordinal) ? null : value;
            case ShellQuote.Double:
                return string.Concat(value.Select(c => c is '"' or '\\' or '$' or '`' ? "\\" + c : c.ToString()));
            default:
                return string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) || "_-.,:=/+@%".Contains(c, StringComparison.Ordinal) ? c.ToString() : "\\" + c));
        }
    }
}
