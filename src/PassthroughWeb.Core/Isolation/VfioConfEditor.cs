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
        var ids = new List<string>();
        string? disableVga = null;
        foreach (var line in optionLines)
        {
            foreach (var parameter in line.Parameters.TakeWhile(p => !p.StartsWith('#')))
            {
                if (parameter.StartsWith("ids=", StringComparison.Ordinal))
                {
                    // The kernel keeps only the last ids=, but the user meant all of them: gathered on one line they all count.
                    foreach (var id in parameter[4..].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!ids.Contains(id, StringComparer.OrdinalIgnoreCase)) ids.Add(id);
                    }
                }
                else if (parameter.StartsWith("disable_vga=", StringComparison.Ordinal)) disableVga = parameter;
            }
        }
        var removed = ids.Where(i => edit.ForbiddenIds.Contains(Canonical(i), StringComparer.Ordinal)).ToList();
        ids.RemoveAll(i => edit.ForbiddenIds.Contains(Canonical(i), StringComparer.Ordinal));
        foreach (var wanted in edit.WantedIds)
        {
            if (!ids.Any(i => Canonical(i) == wanted)) ids.Add(wanted);
        }
        if (removed.Count > 0)
            notes.Add($"Removed {string.Join(", ", removed)} from vfio-pci's ids= in {Path}: {(edit.WantedIds.Count == 0 && edit.ForbiddenIds.Count > 0 ? "those IDs are not unique on this host (or vfio-pci is built in), so they are bound another way" : "they are bound another way")}.");
        if (edit.DisableVga == true) disableVga = "disable_vga=1";
        else if (edit.DisableVga == false && disableVga is not null)
        {
            notes.Add("Removed disable_vga=1: no VGA device goes to vfio-pci, so it did nothing.");
            disableVga = null;
        }

        var managed = new List<string>();
        if (ids.Count > 0) managed.Add("ids=" + string.Join(',', ids));
        if (disableVga is not null) managed.Add(disableVga);

        var wroteManaged = false;
        foreach (var line in optionLines)
        {
            var kept = new List<string>();
            var moved = new List<string>();
            for (var i = 0; i < line.Parameters.Count; i++)
            {
                var parameter = line.Parameters[i];
                if (parameter.StartsWith('#'))
                {
                    moved.Add("# " + string.Join(' ', line.Parameters.Skip(i)).TrimStart('#').Trim());
                    break;
                }
                if (parameter.StartsWith("ids=", StringComparison.Ordinal) || parameter.StartsWith("disable_vga=", StringComparison.Ordinal)) continue;
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? parameter : parameter[..eq];
                var dot = key.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && !ModuleNames.SameModule(key[..dot], "vfio_pci"))
                {
                    var own = $"options {key[..dot]} {parameter[(dot + 1)..]}";
                    moved.Add(own);
                    notes.Add($"Moved {parameter} off the vfio-pci line, where it did nothing, to a line of its own: `{own}`.");
                    continue;
                }
                if (dot > 0)
                {
                    // vfio-pci.ids= on an options line: the command line form, which the kernel ignored; its IDs were gathered above.
                    if (key[(dot + 1)..] is "ids" or "disable_vga") continue;
                    kept.Add(parameter[(dot + 1)..]);
                    continue;
                }
                kept.Add(parameter);
            }
            var newLines = new List<string>();
            if (!wroteManaged)
            {
                kept.InsertRange(0, managed);
                wroteManaged = true;
            }
            if (kept.Count > 0) newLines.Add($"options {line.WrittenModule} {string.Join(' ', kept)}");
            foreach (var extra in moved.Where(m => m.StartsWith('#')))
                newLines.Insert(0, extra);
            foreach (var extra in moved.Where(m => !m.StartsWith('#') && !config.Lines.Concat(file.Lines).Any(l => Same(l.Text, m))))
                newLines.Add(extra);
            if (!(newLines.Count == line.LastLineNumber - line.LineNumber + 1 && newLines.Select((t, i) => t == lines[line.LineNumber - 1 + i]).All(x => x)))
                replace[line.LineNumber - 1] = newLines;
            for (var n = line.LineNumber; n < line.LastLineNumber; n++) replace[n] = null;
        }
        var appended = new List<string>();
        if (!wroteManaged && managed.Count > 0) appended.Add("options vfio-pci " + string.Join(' ', managed));

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
