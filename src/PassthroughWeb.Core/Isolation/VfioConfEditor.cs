namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Edits etc/modprobe.d/vfio.conf as little as possible: the user's other lines stay as they are, vfio-pci's
/// options are gathered on one line (ids= given twice keeps only the last), other modules' parameters move to
/// lines of their own, and each softdep is added or completed where kmod will read it. Editing the result again
/// changes nothing.
/// </summary>
internal static class VfioConfEditor
{
    public const string Path = "/etc/modprobe.d/vfio.conf";

    public static (string Text, List<string> Notes) Edit(string? before, VfioConfEdit edit, ModprobeConfig config)
    {
        var notes = new List<string>();
        var text = before ?? "";
        var lines = ModprobeConfig.SplitLines(text);
        var file = ModprobeConfig.Parse(Path, text);
        // Replacements by physical line index (0-based): null removes the line.
        var replace = new Dictionary<int, List<string>?>();

        var optionLines = file.Lines.Where(l => l.Directive == ModprobeDirective.Options && l.Module == "vfio_pci" && l.SyntaxError is null).ToList();
        // Each line's parameters after the edit. The kernel keeps only the last ids=, so lines whose ids= a later
        // line overrides stay as they are (dead, and reported by the linter): editing them would change what the host does.
        var edited = new List<List<string>>();
        var removed = new List<string>();
        var comments = new Dictionary<int, string>();
        var moved = new Dictionary<int, List<string>>();
        for (var index = 0; index < optionLines.Count; index++)
        {
            var line = optionLines[index];
            var kept = new List<string>();
            moved[index] = [];
            for (var i = 0; i < line.Parameters.Count; i++)
            {
                var parameter = line.Parameters[i];
                if (parameter.StartsWith('#'))
                {
                    comments[index] = "# " + string.Join(' ', line.Parameters.Skip(i)).TrimStart('#').Trim();
                    break;
                }
                if (parameter.StartsWith("ids=", StringComparison.Ordinal))
                {
                    var entries = parameter[4..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
                    removed.AddRange(entries.Where(e => edit.ForbiddenIds.Contains(Canonical(e), StringComparer.Ordinal)));
                    entries.RemoveAll(e => edit.ForbiddenIds.Contains(Canonical(e), StringComparer.Ordinal));
                    if (entries.Count > 0) kept.Add("ids=" + string.Join(',', entries));
                    continue;
                }
                if (parameter.StartsWith("disable_vga=", StringComparison.Ordinal) && edit.DisableVga == false)
                {
                    notes.Add("Removed disable_vga=1: no VGA device goes to vfio-pci, so it did nothing.");
                    continue;
                }
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? parameter : parameter[..eq];
                var dot = key.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && !ModuleNames.SameModule(key[..dot], "vfio_pci"))
                {
                    var own = $"options {key[..dot]} {parameter[(dot + 1)..]}";
                    moved[index].Add(own);
                    notes.Add($"Moved {parameter} off the vfio-pci line, where it did nothing, to a line of its own: `{own}`.");
                    continue;
                }
                if (dot > 0)
                {
                    notes.Add($"Removed {parameter} from line {line.LineNumber}: it is the kernel command line's form, which the kernel ignored on an options line, so it never took effect. If you meant those devices to go to vfio-pci, choose them in step 3.");
                    continue;
                }
                kept.Add(parameter);
            }
            edited.Add(kept);
        }
        if (removed.Count > 0)
            notes.Add($"Removed {string.Join(", ", removed.Distinct(StringComparer.OrdinalIgnoreCase))} from vfio-pci's ids= in {Path}: this card is bound another way (by address, or on the kernel command line), and an ID there would take every device that has it.");

        var appended = new List<string>();
        var lastIds = edited.FindLastIndex(p => p.Any(x => x.StartsWith("ids=", StringComparison.Ordinal)));
        var missing = edit.WantedIds.Where(w => lastIds < 0 || !edited[lastIds].First(x => x.StartsWith("ids=", StringComparison.Ordinal))[4..].Split(',').Any(e => Canonical(e) == w)).ToList();
        var hasVga = edited.Any(p => p.Any(x => x.StartsWith("disable_vga=", StringComparison.Ordinal)));
        var managed = lastIds >= 0 ? lastIds : edited.Count > 0 ? 0 : -1;
        if (missing.Count > 0 && lastIds >= 0)
        {
            var at = edited[lastIds].FindIndex(x => x.StartsWith("ids=", StringComparison.Ordinal));
            edited[lastIds][at] = edited[lastIds][at] + "," + string.Join(',', missing);
        }
        else if (missing.Count > 0 && managed >= 0) edited[managed].Insert(0, "ids=" + string.Join(',', missing));
        if (edit.DisableVga == true && !hasVga && managed >= 0) edited[managed].Add("disable_vga=1");
        if (managed < 0)
        {
            var parameters = new List<string>();
            if (missing.Count > 0) parameters.Add("ids=" + string.Join(',', missing));
            if (edit.DisableVga == true) parameters.Add("disable_vga=1");
            if (parameters.Count > 0) appended.Add("options vfio-pci " + string.Join(' ', parameters));
        }

        for (var index = 0; index < optionLines.Count; index++)
        {
            var line = optionLines[index];
            var newLines = new List<string>();
            if (comments.TryGetValue(index, out var comment)) newLines.Add(comment);
            if (edited[index].Count > 0) newLines.Add($"options {line.WrittenModule} {string.Join(' ', edited[index])}");
            newLines.AddRange(moved[index].Where(m => !config.Lines.Concat(file.Lines).Any(l => Same(l.Text, m))));
            var unchanged = newLines.Count == line.LastLineNumber - line.LineNumber + 1 &&
                            newLines.Select((t, i) => Same(t, lines[line.LineNumber - 1 + i])).All(x => x);
            if (unchanged) continue;
            replace[line.LineNumber - 1] = newLines;
            for (var n = line.LineNumber; n < line.LastLineNumber; n++) replace[n] = null;
        }

        var softdeps = new List<string>();
        foreach (var module in edit.SoftdepModules)
        {
            var earlier = config.Files.Where(f => f.Path != Path && string.CompareOrdinal(f.Name, "vfio.conf") < 0)
                .SelectMany(f => f.Lines)
                .FirstOrDefault(l => l.Directive == ModprobeDirective.Softdep && l.SyntaxError is null && ModuleNames.Matches(l.Module!, module));
            if (earlier is not null)
            {
                if (!HasVfio(earlier))
                    notes.Add($"{earlier.File}:{earlier.LineNumber} (`{earlier.Text.Trim()}`) is the first softdep kmod reads for {module}, and kmod uses only the first: add vfio-pci to its pre: list (`softdep {earlier.WrittenModule} pre: vfio-pci{string.Concat(earlier.Pre.Select(p => " " + p))}{(earlier.Post.Count > 0 ? " post: " + string.Join(' ', earlier.Post) : "")}`), or {module} may load before vfio-pci.");
                continue;
            }
            var own = file.Lines.FirstOrDefault(l => l.Directive == ModprobeDirective.Softdep && l.SyntaxError is null && ModuleNames.Matches(l.Module!, module));
            if (own is null)
            {
                softdeps.Add($"softdep {module} pre: vfio-pci");
                continue;
            }
            if (HasVfio(own) || replace.ContainsKey(own.LineNumber - 1)) continue;
            var rewritten = $"softdep {own.WrittenModule} pre: vfio-pci{string.Concat(own.Pre.Select(p => " " + p))}{(own.Post.Count > 0 ? " post: " + string.Join(' ', own.Post) : "")}";
            replace[own.LineNumber - 1] = [rewritten];
            for (var n = own.LineNumber; n < own.LastLineNumber; n++) replace[n] = null;
            notes.Add($"Line {own.LineNumber} of {Path} (`{own.Text.Trim()}`) is the softdep kmod reads for {module}: vfio-pci was added to its pre: list" + (own.DroppedWords.Count > 0 ? $" (and '{string.Join(' ', own.DroppedWords)}', which kmod dropped, was rewritten)." : "."));
        }

        if (replace.Count == 0 && softdeps.Count == 0 && appended.Count == 0) return (text, notes);
        var output = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (replace.TryGetValue(i, out var with))
            {
                if (with is not null) output.AddRange(with);
            }
            else output.Add(lines[i]);
        }
        if (before is null) output.Add("# Written by PassthroughWeb (step 3): load vfio-pci before the drivers that would claim the passed card.");
        // kmod joins a line ending in a backslash with the next one: the lines added below would become part of it.
        if (output.Count > 0 && ModprobeConfig.EndsWithContinuation(output[^1])) output.Add("");
        output.AddRange(softdeps);
        output.AddRange(appended);
        return (string.Join('\n', output) + "\n", notes);
    }

    private static bool HasVfio(ModprobeLine softdep) => softdep.Pre.Any(p => ModuleNames.SameModule(p, "vfio_pci"));

    private static bool Same(string a, string b) =>
        string.Join(' ', a.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) == string.Join(' ', b.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>An ids= entry as <c>vvvv:dddd</c> lower-case, so 1002:AB28 and 1002:ab28 compare equal.</summary>
    internal static string Canonical(string id) => VfioPciId.TryParse(id.Trim(), out var parsed) && parsed.SubsystemVendorId is null ? parsed.VendorDevice : id.Trim().ToLowerInvariant();
}
