using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Reads the modprobe.d files the way kmod and the kernel do and says, line by line, what does not do what it
/// was written for, with the line to write instead. With a scan it also checks vfio-pci's <c>ids=</c> against
/// the host's devices; with the devices to pass it knows which devices the host keeps.
/// </summary>
public static class ModprobeLinter
{
    /// <summary>Parameters of the modules this app configures (Linux 6.x; <c>modinfo -F parm</c>). Other modules are not checked.</summary>
    private static readonly Dictionary<string, string[]> KnownParameters = new(StringComparer.Ordinal)
    {
        ["vfio_pci"] = ["ids", "nointxmask", "disable_vga", "disable_idle_d3", "enable_sriov", "disable_denylist"],
        ["vfio_iommu_type1"] = ["allow_unsafe_interrupts", "disable_hugepages", "dma_entry_limit"],
        ["vfio"] = ["enable_unsafe_noiommu_mode"],
    };

    /// <summary>Drivers of the host's disks: blacklisting one can leave the host without its root filesystem.</summary>
    private static readonly HashSet<string> StorageDrivers = new(StringComparer.Ordinal) { "nvme", "nvme_core", "ahci", "libahci", "sd_mod", "virtio_blk", "megaraid_sas", "mpt3sas" };

    public static IReadOnlyList<ModprobeFinding> Lint(
        ModprobeConfig config,
        ScanReport? scan = null,
        IReadOnlyCollection<PciAddress>? passedDevices = null,
        IReadOnlyList<InstalledKernel>? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var findings = new List<ModprobeFinding>();
        foreach (var file in config.Ignored)
        {
            var notConf = !file.Name.EndsWith(".conf", StringComparison.Ordinal);
            var active = file.Lines.Count(l => l.SyntaxError is null);
            findings.Add(new ModprobeFinding
            {
                Kind = notConf ? ModprobeFindingKind.NotConfFile : ModprobeFindingKind.ShadowedFile,
                Severity = active > 0 ? ModprobeFindingSeverity.Warning : ModprobeFindingSeverity.Info,
                File = file.Path,
                Message = $"{file.Path} is not read: {file.IgnoredBecause}." + (active > 0 ? $" Its {active} command{(active == 1 ? "" : "s")} do nothing." : ""),
                Fix = notConf ? $"Rename it to {Path.GetFileNameWithoutExtension(file.Name)}.conf (or move its lines into a .conf file)." : "Put these lines into the file that is read, or remove this copy.",
            });
        }

        var lines = config.Lines.ToList();
        var knownModules = kernels?.Where(k => k.HasModuleList).ToList() ?? [];
        foreach (var line in lines)
        {
            if (line.SyntaxError is not null)
            {
                findings.Add(At(line, ModprobeFindingKind.SyntaxError, ModprobeFindingSeverity.Warning,
                    $"'{line.Text.Trim()}': {line.SyntaxError}.", "Remove the line, or complete it (see man modprobe.d)."));
                continue;
            }
            switch (line.Directive)
            {
                case ModprobeDirective.Options:
                    LintOptions(line, findings);
                    break;
                case ModprobeDirective.Softdep:
                    LintSoftdep(line, config, findings, knownModules);
                    break;
                case ModprobeDirective.Blacklist:
                    LintBlacklist(line, scan, passedDevices, findings);
                    break;
            }
            if (knownModules.Count > 0) LintModuleNames(line, knownModules, findings);
        }

        LintRepeats(lines, findings);
        LintIds(config, lines, scan, passedDevices, findings);
        return findings;
    }

    private static void LintOptions(ModprobeLine line, List<ModprobeFinding> findings)
    {
        var module = line.Module!;
        var written = line.WrittenModule!;
        for (var i = 0; i < line.Parameters.Count; i++)
        {
            var parameter = line.Parameters[i];
            if (parameter.StartsWith('#'))
            {
                var comment = string.Join(' ', line.Parameters.Skip(i));
                var kept = string.Join(' ', line.Parameters.Take(i));
                findings.Add(At(line, ModprobeFindingKind.CommentInOptions, ModprobeFindingSeverity.Warning,
                    $"'{comment}' is not a comment here: modprobe.d has comments only on lines of their own, so it is passed to {written} as parameters, and the kernel ignores them with an 'unknown parameter' warning.",
                    $"Move the comment to a line of its own above: `# {comment.TrimStart('#').Trim()}` then `options {written} {kept}`."));
                break;
            }
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? parameter : parameter[..eq];
            var value = eq < 0 ? null : parameter[(eq + 1)..];
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                var owner = key[..dot];
                var name = key[(dot + 1)..];
                var own = $"options {owner} {name}{(value is null ? "" : "=" + value)}";
                if (ModuleNames.SameModule(owner, module))
                    findings.Add(At(line, ModprobeFindingKind.CommandLineSyntax, ModprobeFindingSeverity.Warning,
                        $"{parameter} is the kernel command line's way of naming a parameter of {owner}. On an options line the module is already named, so the kernel looks for a parameter called '{key}', finds none and ignores it: it does nothing here.",
                        $"Write `options {written} {name}{(value is null ? "" : "=" + value)}`."));
                else
                    findings.Add(At(line, ModprobeFindingKind.ForeignParameter, ModprobeFindingSeverity.Warning,
                        $"{parameter} is a parameter of {owner}, not {written}: it does nothing here (the kernel ignores it when {written} loads).",
                        $"Put `{own}` on its own line."));
                continue;
            }
            if (KnownParameters.TryGetValue(module, out var known) && !known.Contains(key, StringComparer.Ordinal) && key != "dyndbg")
            {
                var guess = known.OrderBy(k => Distance(k, key)).First();
                findings.Add(At(line, ModprobeFindingKind.UnknownParameter, ModprobeFindingSeverity.Warning,
                    $"{written} has no parameter '{key}': the kernel ignores {parameter} with an 'unknown parameter' warning." +
                    (Distance(guess, key) <= 2 ? $" Did you mean {guess}?" : ""),
                    Distance(guess, key) <= 2 ? $"Write {guess}{(value is null ? "" : "=" + value)}." : $"Remove it; {written} takes {string.Join(", ", known)}."));
            }
        }
    }

    private static void LintSoftdep(ModprobeLine line, ModprobeConfig config, List<ModprobeFinding> findings, List<InstalledKernel> kernels)
    {
        var written = line.WrittenModule!;
        if (line.DroppedWords.Count > 0)
        {
            var dropped = string.Join(' ', line.DroppedWords);
            var fixedWords = string.Join(' ', line.DroppedWords.Select(w => w.StartsWith("pre:", StringComparison.Ordinal) ? "pre: " + w[4..] : w.StartsWith("post:", StringComparison.Ordinal) ? "post: " + w[5..] : w));
            findings.Add(At(line, ModprobeFindingKind.SoftdepWordsDropped, ModprobeFindingSeverity.Warning,
                $"'{dropped}' comes before any 'pre:' or 'post:' keyword (the keyword needs a space after its colon), so kmod drops {(line.DroppedWords.Count == 1 ? "it" : "them")}" +
                (line.Pre.Count + line.Post.Count == 0 ? $": this softdep loads nothing before or after {written}." : "."),
                $"Write `softdep {written} {fixedWords}`."));
        }
        else if (line.Pre.Count + line.Post.Count == 0)
        {
            findings.Add(At(line, ModprobeFindingKind.SoftdepWordsDropped, ModprobeFindingSeverity.Warning,
                $"This softdep names no module after 'pre:' or 'post:': it loads nothing.", $"Write `softdep {written} pre: vfio-pci` (or remove the line)."));
        }

        if (ModuleNames.IsPattern(line.Module!))
        {
            var matched = kernels.SelectMany(k => k.Modules.Concat(k.Builtin)).Where(m => ModuleNames.Matches(line.Module!, m)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            findings.Add(At(line, ModprobeFindingKind.SoftdepPattern, ModprobeFindingSeverity.Info,
                $"'{written}' is a pattern. kmod turns '-' into '_' ({line.Module}) and matches softdep names with fnmatch, so this line applies to every module whose name matches {line.Module}" +
                (matched.Count > 0 ? $" ({string.Join(", ", matched.Take(8))}{(matched.Count > 8 ? " …" : "")})" : "") +
                $", but not to a module named exactly '{line.Module!.TrimEnd('*', '_')}'. It is valid, yet only the first softdep that matches a module counts, so a pattern can hide a later softdep written for one of those modules.",
                $"Name each driver on its own line instead, e.g. `softdep {line.Module!.Replace("*", "drm", StringComparison.Ordinal)} pre: vfio-pci`."));
            return;
        }

        var first = config.SoftdepFor(line.Module!);
        if (first is not null && first != line)
        {
            findings.Add(At(line, ModprobeFindingKind.ShadowedSoftdep, ModprobeFindingSeverity.Warning,
                $"kmod uses only the first softdep that matches {line.Module} ({first.File}:{first.LineNumber}: `{first.Text.Trim()}`); this line is ignored, so {Lists(line)} is not loaded by it.",
                $"Put every module on the first line: `softdep {first.WrittenModule} {Merge(first, line)}`, and remove this one."));
        }
    }

    private static void LintBlacklist(ModprobeLine line, ScanReport? scan, IReadOnlyCollection<PciAddress>? passed, List<ModprobeFinding> findings)
    {
        var module = line.Module!;
        if (scan is not null)
        {
            var users = scan.Devices.Where(d => d.Driver is not null && DriverModules.ModuleOf(d.Driver) == module && !IsPassed(d, scan, passed)).ToList();
            if (users.Count > 0)
            {
                findings.Add(At(line, ModprobeFindingKind.BlacklistsHostDriver, ModprobeFindingSeverity.Error,
                    $"The host uses {module} for {string.Join(", ", users.Select(u => $"{u.Address} ({u.DisplayName})"))}: the blacklist stops udev from loading it for any device, so after a reboot the host loses {(users.Count == 1 ? "that device" : "those devices")}.",
                    $"Remove `blacklist {line.WrittenModule}`; keep {module} away from the passed card with `softdep {module} pre: vfio-pci` (step 3 plans it) instead."));
                return;
            }
        }
        if (StorageDrivers.Contains(module))
        {
            findings.Add(At(line, ModprobeFindingKind.BlacklistsHostDriver, ModprobeFindingSeverity.Error,
                $"{module} drives disks: if the host's root or /boot disk needs it, the host stops booting (udev no longer loads it for any disk).",
                $"Remove `blacklist {line.WrittenModule}`. To keep one controller for a VM, bind that controller by address instead."));
        }
    }

    private static void LintModuleNames(ModprobeLine line, List<InstalledKernel> kernels, List<ModprobeFinding> findings)
    {
        if (line.Directive is ModprobeDirective.Alias or ModprobeDirective.Unknown || line.Module is null) return;
        var names = new List<string>();
        if (!ModuleNames.IsPattern(line.Module)) names.Add(line.WrittenModule!);
        if (line.Directive == ModprobeDirective.Softdep) names.AddRange(line.Pre.Concat(line.Post).Where(n => !ModuleNames.IsPattern(n)));
        var all = kernels.SelectMany(k => k.Modules.Concat(k.Builtin)).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (kernels.Any(k => k.Knows(name))) continue;
            var normalized = ModuleNames.Normalize(name);
            var guess = all.Where(m => Distance(m, normalized) <= 1).OrderBy(m => Distance(m, normalized)).ThenBy(m => m, StringComparer.Ordinal).FirstOrDefault();
            findings.Add(At(line, ModprobeFindingKind.UnknownModule, ModprobeFindingSeverity.Warning,
                $"No installed kernel ({string.Join(", ", kernels.Select(k => k.Version))}) has a module named {name}: this part of the line does nothing." + (guess is null ? "" : $" Did you mean {guess}?"),
                guess is null ? $"Check the name with `modinfo {name}`; remove it if the module is gone." : $"Write {guess}."));
        }
    }

    private static void LintRepeats(List<ModprobeLine> lines, List<ModprobeFinding> findings)
    {
        var seen = new Dictionary<string, ModprobeLine>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.SyntaxError is null))
        {
            var key = $"{line.Directive} {line.Module} {string.Join(' ', line.Text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(2))}";
            if (seen.TryGetValue(key, out var earlier))
            {
                findings.Add(At(line, ModprobeFindingKind.DuplicateLine, ModprobeFindingSeverity.Info,
                    $"The same line is already at {earlier.File}:{earlier.LineNumber}.", "Remove one of them."));
            }
            else seen.Add(key, line);
        }

        foreach (var module in lines.Where(l => l.Directive == ModprobeDirective.Options && l.SyntaxError is null).GroupBy(l => l.Module!))
        {
            var occurrences = new List<(string Key, string Parameter, ModprobeLine Line)>();
            foreach (var line in module)
            {
                foreach (var parameter in line.Parameters.TakeWhile(p => !p.StartsWith('#')))
                {
                    var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                    occurrences.Add((ModuleNames.Normalize(eq < 0 ? parameter : parameter[..eq]), parameter, line));
                }
            }
            foreach (var group in occurrences.GroupBy(o => o.Key).Where(g => g.Count() > 1))
            {
                var list = group.ToList();
                var last = list[^1];
                foreach (var earlier in list.Take(list.Count - 1))
                {
                    if (earlier.Parameter == last.Parameter)
                    {
                        if (earlier.Line != last.Line && earlier.Line.Text.Trim() != last.Line.Text.Trim())
                            findings.Add(At(earlier.Line, ModprobeFindingKind.DuplicateLine, ModprobeFindingSeverity.Info,
                                $"{earlier.Parameter} is given again at {last.Line.File}:{last.Line.LineNumber}.", "Keep one of them."));
                        continue;
                    }
                    findings.Add(At(earlier.Line, ModprobeFindingKind.RepeatedParameter, ModprobeFindingSeverity.Warning,
                        $"{earlier.Parameter} is overridden by {last.Parameter} at {last.Line.File}:{last.Line.LineNumber}: modprobe joins every options line of {module.Key} into one load, and the kernel keeps only the last value of {group.Key}, so {earlier.Parameter} here is not used.",
                        group.Key == "ids"
                            ? $"Put every ID on one line: `options {module.First().WrittenModule} ids={string.Join(',', list.SelectMany(o => ValueOf(o.Parameter).Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.OrdinalIgnoreCase))}`."
                            : $"Keep one {group.Key}= with the value you want."));
                }
            }
        }
    }

    private static void LintIds(ModprobeConfig config, List<ModprobeLine> lines, ScanReport? scan, IReadOnlyCollection<PciAddress>? passed, List<ModprobeFinding> findings)
    {
        var devices = scan?.Devices ?? [];
        var idLines = lines.Where(l => l.Directive == ModprobeDirective.Options && l.Module == "vfio_pci" && l.SyntaxError is null).ToList();
        var allIds = idLines.SelectMany(l => l.Parameters.Where(IsIds)).SelectMany(p => VfioPciId.ParseList(ValueOf(p))).Where(e => e.Id is not null).Select(e => e.Id!).ToList();
        var finalIds = config.ParameterValue("vfio_pci", "ids") is { } final ? VfioPciId.ParseList(final).Where(e => e.Id is not null).Select(e => e.Id!).ToList() : [];

        foreach (var line in idLines)
        {
            foreach (var parameter in line.Parameters.Where(IsIds))
            {
                var listed = new HashSet<VfioPciId>();
                foreach (var (text, id) in VfioPciId.ParseList(ValueOf(parameter)))
                {
                    if (text.Trim().Length == 0) continue;
                    if (id is not null && !listed.Add(id))
                    {
                        findings.Add(At(line, ModprobeFindingKind.DuplicateLine, ModprobeFindingSeverity.Info,
                            $"{text} is listed twice in ids=: the second one adds nothing (an ID copied twice from lspci is often a subsystem ID, from its 'Subsystem:' line).",
                            $"List {text} once; check each ID against the brackets at the end of `lspci -nn` lines."));
                        continue;
                    }
                    if (id is null)
                    {
                        findings.Add(At(line, ModprobeFindingKind.MalformedId, ModprobeFindingSeverity.Warning,
                            $"'{text}' in ids= is not a PCI ID (vendor:device in hex): the kernel skips it with an 'invalid id string' warning.",
                            "Copy the ID from the brackets at the end of the device's `lspci -nn` line, e.g. 1002:73ff."));
                        continue;
                    }
                    if (scan is null) continue;
                    var matches = devices.Where(id.Matches).ToList();
                    if (matches.Count == 0)
                    {
                        var bySubsystem = devices.Where(d => d.SubsystemVendorId == id.VendorId && d.SubsystemDeviceId == id.DeviceId).ToList();
                        findings.Add(bySubsystem.Count > 0
                            ? At(line, ModprobeFindingKind.IdIsSubsystemId, ModprobeFindingSeverity.Warning,
                                $"{text} is the subsystem ID of {string.Join(", ", bySubsystem.Select(d => $"{d.Address} ({d.DisplayName})"))} (lspci's 'Subsystem:' line), not a device ID: vfio-pci matches no device with it.",
                                $"Use the device's own ID{(bySubsystem.Count == 1 ? "" : "s")}: {string.Join(", ", bySubsystem.Select(d => d.VendorDevice).Distinct(StringComparer.Ordinal))}.")
                            : At(line, ModprobeFindingKind.IdMatchesNoDevice, ModprobeFindingSeverity.Warning,
                                $"No PCI device of this host has the ID {text}, so it does nothing (vfio-pci binds PCI devices only: the ID of a USB device plugged into a port never matches).",
                                "Remove it, or check `lspci -nn` for the ID of the device you meant."));
                        continue;
                    }
                    var kept = matches.Where(d => !IsPassed(d, scan, passed, allIds)).ToList();
                    if (kept.Count > 0)
                    {
                        var wanted = matches.Except(kept).ToList();
                        findings.Add(At(line, ModprobeFindingKind.IdCapturesHostDevice, ModprobeFindingSeverity.Error,
                            $"{id.VendorDevice} also matches {string.Join(", ", kept.Select(d => $"{d.Address} ({d.DisplayName})"))}, which the host keeps: vfio-pci takes every device with this ID at boot, and an ID cannot tell {(wanted.Count > 0 ? "them" : "it")} apart" + (wanted.Count > 0 ? $" from {string.Join(", ", wanted.Select(d => d.Address.ToString()))}." : "."),
                            wanted.Count > 0
                                ? $"Remove {id.VendorDevice} from ids= and bind {string.Join(", ", wanted.Select(d => d.Address.ToString()))} by address (driver_override) instead: step 3 plans that when IDs collide."
                                : $"Remove {id.VendorDevice} from ids=."));
                    }
                }
            }

            if (line.Parameters.Any(p => p.StartsWith("disable_vga=", StringComparison.Ordinal) && ValueOf(p) is "1" or "Y" or "y"))
            {
                var vfioDevices = devices.Where(d => finalIds.Any(i => i.Matches(d))).Select(d => d.Address).Concat(passed ?? []).ToHashSet();
                if (scan is not null && !devices.Any(d => vfioDevices.Contains(d.Address) && d.ClassCode == "0300"))
                    findings.Add(At(line, ModprobeFindingKind.DisableVgaWithoutVga, ModprobeFindingSeverity.Info,
                        "disable_vga=1 only changes how vfio-pci handles VGA devices (class 0300), and no VGA device goes to vfio-pci here: it does nothing.",
                        "Remove disable_vga=1, or keep it for when a VGA card is passed."));
            }
        }
    }

    /// <summary>Whether the host gives this device away: it is chosen, or (with no choice given) its whole card is listed in ids=.</summary>
    private static bool IsPassed(PciDevice device, ScanReport scan, IReadOnlyCollection<PciAddress>? passed, IReadOnlyList<VfioPciId>? ids = null)
    {
        if (passed is not null) return passed.Contains(device.Address);
        if (ids is null) return false;
        // Without a choice, a function belongs to the host when its card has a function ids= does not list.
        var slot = scan.Devices.Where(d => d.Address.IsSameSlot(device.Address)).ToList();
        return slot.All(f => ids.Any(i => i.Matches(f)));
    }

    private static bool IsIds(string parameter) => parameter.StartsWith("ids=", StringComparison.Ordinal);

    private static string ValueOf(string parameter)
    {
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? "" : parameter[(eq + 1)..];
    }

    private static string Lists(ModprobeLine softdep) =>
        string.Join(' ', (softdep.Pre.Count > 0 ? "pre: " + string.Join(' ', softdep.Pre) : "").Trim(), (softdep.Post.Count > 0 ? "post: " + string.Join(' ', softdep.Post) : "").Trim()).Trim();

    private static string Merge(ModprobeLine first, ModprobeLine second)
    {
        var pre = first.Pre.Concat(second.Pre).Distinct(StringComparer.Ordinal).ToList();
        var post = first.Post.Concat(second.Post).Distinct(StringComparer.Ordinal).ToList();
        return string.Join(' ', (pre.Count > 0 ? "pre: " + string.Join(' ', pre) : ""), (post.Count > 0 ? "post: " + string.Join(' ', post) : "")).Trim();
    }

    private static ModprobeFinding At(ModprobeLine line, ModprobeFindingKind kind, ModprobeFindingSeverity severity, string message, string fix) => new()
    {
        Kind = kind,
        Severity = severity,
        File = line.File,
        Line = line.LineNumber,
        Message = message,
        Fix = fix,
    };

    /// <summary>Edit distance counting a swap of two neighbours as one edit (xhci_hdc → xhci_hcd is 1).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
