using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Step 2's planner: detects the boot loader, works out the parameters for the CPU, and produces the file edits and
/// regeneration commands that put them on the command line that is really booted — or says what to do by hand.
/// It only reads the host; the change engine applies the plan (and skips the commands on a root other than "/").
/// </summary>
public static class KernelCommandLinePlanner
{
    public const string Step = "host";

    public static CommandLinePlanResult Plan(HostRoot root, CpuVendor vendor, KernelCommandLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var detection = options.Detection ?? BootLoaderDetector.Detect(root);
        var extras = new IommuExtras
        {
            PassingBootGpu = options.PassingBootGpu,
            VfioPciIds = options.VfioPciIds,
            VfioPciBuiltIn = options.VfioPciIds.Count > 0 && BuiltInModules.IsBuiltIn(root, "vfio_pci"),
            AcsOverride = options.AcsOverride,
            KernelCarriesAcsOverridePatch = options.AcsOverride && AcsOverridePatch.RunningKernelCarries(root),
        };
        var set = IommuParameters.For(vendor, extras);
        if (set.Problems.Count > 0)
            return new CommandLinePlanResult { Outcome = CommandLinePlanOutcome.Error, Detection = detection, Parameters = set, Message = string.Join(' ', set.Problems), Notes = set.Notes };
        return new Planning(root, detection, set).Run();
    }

    /// <summary>One planning run: collects files, commands and notes, then turns them into a result.</summary>
    private sealed class Planning(HostRoot root, BootLoaderDetection detection, IommuParameterSet set)
    {
        private readonly List<FileChange> _files = [];
        private readonly List<CommandStep> _commands = [];
        private readonly List<string> _notes = [];
        private readonly List<string> _targets = [];

        private string Parameters => set.Text;

        public CommandLinePlanResult Run()
        {
            foreach (var w in set.Wanted.Where(w => w.IsExtra))
                _notes.Add($"{w.Parameter.Text}: {w.Explanation}{(w.Warning is null ? "" : " Warning: " + w.Warning)}");
            _notes.AddRange(set.Notes);
            return detection.Kind switch
            {
                BootLoaderKind.Grub => Grub(proxmox: false),
                BootLoaderKind.SystemdBoot => SystemdBoot(),
                BootLoaderKind.UnifiedKernelImage => Uki(),
                BootLoaderKind.Kernelstub => Kernelstub(),
                BootLoaderKind.ProxmoxBootTool => detection.ProxmoxUsesGrub || !detection.CommandLineFiles.Contains(BootLoaderDetector.KernelCmdlineFile)
                    ? Grub(proxmox: true)
                    : ProxmoxSystemdBoot(),
                BootLoaderKind.Refind => Refind(),
                BootLoaderKind.Limine => Limine(),
                BootLoaderKind.Syslinux => Manual(
                    $"This host boots with syslinux/extlinux ({string.Join(", ", detection.CommandLineFiles)}). PassthroughWeb does not edit its configuration: add these parameters by hand to the APPEND line of the entry you boot: {Parameters}"),
                _ => Manual(
                    $"No boot loader configuration was recognised on this host. Looked for: {string.Join(", ", detection.LookedAt)}. Add these parameters to the kernel command line by hand: {Parameters}"),
            };
        }

        private CommandLinePlanResult Grub(bool proxmox)
        {
            var files = GrubDefaultsEditor.ReadFiles(root);
            var edit = GrubDefaultsEditor.Edit(files, set);
            if (edit.Problem is not null) return Manual($"{edit.Problem} The parameters to add: {Parameters}", edit.Notes);
            if (Recheck(files, edit, f => GrubDefaultsEditor.Edit(f, set)) is { } failed) return failed;
            Take(edit);
            var changed = edit.Changes;
            if (proxmox)
            {
                if (changed) _commands.Add(Command("proxmox-boot-tool", ["refresh"], "proxmox-boot-tool copies the kernels to every ESP it manages and regenerates their GRUB configuration from /etc/default/grub."));
            }
            else if (changed)
            {
                _commands.Add(GrubRegeneration());
            }
            if (detection.GrubBls) GrubBlsEntries(changed);
            return Planned("GRUB");
        }

        private CommandStep GrubRegeneration()
        {
            var os = detection.OsRelease;
            const string Why = "grub-mkconfig turns /etc/default/grub into the grub.cfg GRUB reads at boot; edits take effect only once it runs.";
            if (os.IsLike("debian", "ubuntu") || os.Id is "pop" or "linuxmint" or "deepin" or "kali" or "elementary" or "zorin" or "neon" or "raspbian")
                return Command("update-grub", [], Why);
            if (os.IsLike("arch", "gentoo") || os.Id is "manjaro" or "endeavouros" or "garuda" or "cachyos" or "artix" or "arcolinux" or "gentoo")
                return Command("grub-mkconfig", ["-o", "/boot/grub/grub.cfg"], Why);
            if (os.IsLike("fedora", "rhel", "centos", "suse", "opensuse") || os.Id.StartsWith("opensuse", StringComparison.Ordinal))
                return Command("grub2-mkconfig", ["-o", "/boot/grub2/grub.cfg"], Why);
            if (HostFiles.FileExists(root, "/boot/grub2/grub.cfg"))
            {
                _notes.Add($"The distribution ('{os.Id}') is not one PassthroughWeb knows; /boot/grub2/grub.cfg exists, so grub2-mkconfig regenerates it.");
                return Command("grub2-mkconfig", ["-o", "/boot/grub2/grub.cfg"], Why);
            }
            _notes.Add($"The distribution ('{os.Id}') is not one PassthroughWeb knows; grub-mkconfig regenerates /boot/grub/grub.cfg.");
            return Command("grub-mkconfig", ["-o", "/boot/grub/grub.cfg"], Why);
        }

        /// <summary>BLS entries carry their own options: grubby puts the parameters on every one that lacks them.</summary>
        private void GrubBlsEntries(bool defaultsChanged)
        {
            var entries = root.ListNames("/boot/loader/entries").Where(n => n.EndsWith(".conf", StringComparison.Ordinal))
                .Select(n => new ConfigFile($"/boot/loader/entries/{n}", root.TryReadText($"/boot/loader/entries/{n}")))
                .Where(BootLoaderDetector.IsLinuxEntry).ToList();
            var add = new List<string>();
            var remove = new List<string>();
            foreach (var entry in entries)
            {
                var text = entry.Text!;
                var tokens = TextLine.Split(text).Where(l => LoaderEntryEditor.Key(text, l).Name == "options")
                    .SelectMany(l => KernelCommandLine.Tokenize(text, LoaderEntryEditor.Key(text, l).ValueStart, l.End)).Select(t => t.Text).ToList();
                var merge = ParameterMerge.Merge(tokens, set);
                add.AddRange(merge.Additions.Select(a => a.Text));
                foreach (var (index, replacement) in merge.Edits)
                {
                    remove.Add(tokens[index]);
                    if (replacement is not null) add.Add(replacement);
                }
            }
            add = InWantedOrder(add);
            remove = remove.Distinct(StringComparer.Ordinal).ToList();
            if (add.Count == 0 && remove.Count == 0)
            {
                if (defaultsChanged) _notes.Add("The BLS entries in /boot/loader/entries already carry the parameters.");
                return;
            }
            var arguments = new List<string> { "--update-kernel=ALL" };
            if (remove.Count > 0) arguments.Add("--remove-args=" + string.Join(' ', remove));
            if (add.Count > 0) arguments.Add("--args=" + string.Join(' ', add));
            _commands.Add(Command("grubby", arguments, "On BLS systems every kernel has its own entry in /boot/loader/entries with its own options line; grubby updates them all (grub2-mkconfig does not)."));
        }

        private CommandLinePlanResult SystemdBoot()
        {
            var entries = detection.CommandLineFiles.Where(p => p != BootLoaderDetector.KernelCmdlineFile)
                .Select(p => new ConfigFile(p, root.TryReadText(p))).Where(e => e.Exists).ToList();
            if (entries.Count == 0)
                return Manual($"No systemd-boot entry that boots Linux was found (looked in {string.Join(", ", BootLoaderDetector.EspMountPoints.Select(m => m + "/loader/entries"))}). If the ESP is not mounted, mount it and plan again; otherwise add these parameters by hand: {Parameters}");
            var edit = LoaderEntryEditor.Edit(entries, set, detection.BootedRoot);
            if (Recheck(entries, edit, f => LoaderEntryEditor.Edit(f, set, detection.BootedRoot)) is { } failed) return failed;
            Take(edit);
            if (detection.BootedEntry is { } booted) _notes.Add($"The booted entry is '{booted}'; every Linux entry gets the parameters so that other kernels (fallback, LTS) boot with them too.");
            KernelInstallCmdline();
            return Planned("systemd-boot");
        }

        /// <summary>kernel-install writes the entries of new kernels from /etc/kernel/cmdline: keep it in step.</summary>
        private void KernelInstallCmdline()
        {
            var path = BootLoaderDetector.KernelCmdlineFile;
            var file = new ConfigFile(path, root.TryReadText(path));
            if (!file.Exists)
            {
                _notes.Add($"{path} does not exist: kernel-install gives new kernels the running command line (/proc/cmdline), which has the parameters once the host has rebooted with them.");
                return;
            }
            var edit = CommandLineFileEditor.Edit([file], set, "kernel-install writes new kernels' boot entries from this file, so they boot with the parameters too.");
            Take(edit);
        }

        private CommandLinePlanResult Uki()
        {
            var sources = UkiCommandLineSources.Find(root);
            if (sources.Problem is not null) return Manual($"{sources.Problem} The parameters to add: {Parameters}");
            if (sources.Groups.Count == 0)
                return Manual($"Unified kernel images boot this host, but how they are built was not found (looked at /etc/kernel/install.conf, /etc/mkinitcpio.d/*.preset, /etc/dracut.conf.d). Put these parameters into the command line the images are built with, then rebuild them: {Parameters}");
            foreach (var group in sources.Groups)
            {
                if (group.Count == 1 && group[0] == UkiConfigEditor.Path)
                {
                    var file = new ConfigFile(group[0], root.TryReadText(group[0]));
                    var edit = UkiConfigEditor.Edit(file, set);
                    if (edit.Problem is not null) return Manual($"{edit.Problem} The parameters to add: {Parameters}");
                    Take(edit);
                    continue;
                }
                if (CommandLineFiles(group, "The unified kernel image embeds this command line when it is built.") is { } manual) return manual;
            }
            var anyChange = _files.Count > 0;
            var (program, arguments, why) = sources.Builder switch
            {
                UkiBuilder.Mkinitcpio => ("mkinitcpio", new[] { "-P" }, "mkinitcpio rebuilds every preset's unified kernel image with the new command line."),
                UkiBuilder.Dracut => ("dracut", new[] { "--regenerate-all", "-f", "--uefi" }, "dracut rebuilds the unified kernel images with the new command line."),
                _ => ("kernel-install", new[] { "add-all" }, $"kernel-install rebuilds the unified kernel image of every installed kernel{(sources.KernelInstallGenerator is { } g ? $" (with {g})" : "")}, embedding the new command line."),
            };
            if (anyChange) _commands.Add(Command(program, arguments, why));
            _notes.Add($"The command line is inside the unified kernel image: the edited file changes nothing by itself. Only once {program} {string.Join(' ', arguments)} has rebuilt the image{(anyChange ? " (the last step of this plan)" : "")} and the host reboots does the kernel get the parameters; if that step is skipped or fails, the next boot still uses the old command line. With Secure Boot, the rebuilt image must be signed again (sbctl and ukify hooks usually do it).");
            return Planned("unified kernel image");
        }

        /// <summary>Edits one command line made of plain files, creating /etc/kernel/cmdline from the booted command line when it is missing.</summary>
        private CommandLinePlanResult? CommandLineFiles(IReadOnlyList<string> group, string reason)
        {
            var files = group.Select(p => new ConfigFile(p, root.TryReadText(p))).ToList();
            if (files.All(f => !f.Exists))
            {
                if (detection.BootedCommandLine is null)
                    return Manual($"{string.Join(", ", group)} does not exist and the running command line could not be read to start it from. Create it with your kernel command line plus: {Parameters}");
                var booted = string.Join(' ', KernelCommandLine.Parse(detection.BootedCommandLine).Parameters
                    .Where(p => KernelCommandLine.NameOf(p) is not ("BOOT_IMAGE" or "initrd")));
                var seeded = new ConfigFile(group[^1], booted + "\n");
                var edit = CommandLineFileEditor.Edit([seeded], set, reason);
                var after = edit.Files.Count > 0 ? edit.Files[0].After : seeded.Text!;
                _files.Add(new FileChange { Path = group[^1], Before = null, After = after, Mode = (UnixFileMode)0b110_100_100, Reason = reason });
                _targets.Add($"{group[^1]} (new)");
                _notes.Add($"{group[^1]} did not exist, so it is created from the running command line (/proc/cmdline, without BOOT_IMAGE= and initrd=) plus the parameters.");
                _notes.AddRange(edit.Notes);
                return null;
            }
            var result = CommandLineFileEditor.Edit(files, set, reason);
            if (Recheck(files, result, f => CommandLineFileEditor.Edit(f, set, reason)) is { } failed) return failed;
            Take(result);
            return null;
        }

        private CommandLinePlanResult Kernelstub()
        {
            var text = root.TryReadText(KernelstubConfig.Path);
            if (text is null) return Error($"{KernelstubConfig.Path} could not be read.");
            var options = KernelstubConfig.KernelOptions(text, out var problem);
            if (options is null) return Manual($"{problem} Add the parameters with: kernelstub -a \"{Parameters}\"");
            var merge = ParameterMerge.Merge(options, set);
            _notes.AddRange(merge.Notes);
            var remove = merge.Edits.Keys.Select(i => options[i]).Distinct(StringComparer.Ordinal).ToList();
            var add = InWantedOrder(merge.Edits.Values.OfType<string>().Concat(merge.Additions.Select(a => a.Text)));
            if (remove.Count > 0) _commands.Add(Command("kernelstub", ["-d", string.Join(' ', remove)], "kernelstub removes the conflicting options from its configuration and the boot entry."));
            if (add.Count > 0) _commands.Add(Command("kernelstub", ["-a", string.Join(' ', add)], "kernelstub adds the options to its configuration and rewrites the Pop!_OS boot entry; editing the entry directly would be undone at the next kernel update."));
            _targets.Add($"user.kernel_options in {KernelstubConfig.Path} (through kernelstub)");
            return Planned("kernelstub");
        }

        private CommandLinePlanResult ProxmoxSystemdBoot()
        {
            if (CommandLineFiles([BootLoaderDetector.KernelCmdlineFile], "proxmox-boot-tool writes every ESP's boot entries from this file.") is { } manual) return manual;
            if (_files.Count > 0)
                _commands.Add(Command("proxmox-boot-tool", ["refresh"], "proxmox-boot-tool copies the kernels to every ESP it manages and writes their entries with the new command line."));
            return Planned("proxmox-boot-tool (systemd-boot)");
        }

        private CommandLinePlanResult Refind()
        {
            foreach (var path in detection.CommandLineFiles)
            {
                var file = new ConfigFile(path, root.TryReadText(path));
                var edit = RefindLinuxConfEditor.Edit(file, set, detection.BootedRoot);
                if (edit.Problem is not null) return Manual($"{edit.Problem} The parameters to add: {Parameters}");
                if (Recheck([file], edit, f => RefindLinuxConfEditor.Edit(f[0], set, detection.BootedRoot)) is { } failed) return failed;
                Take(edit);
            }
            return Planned("rEFInd");
        }

        private CommandLinePlanResult Limine()
        {
            if (HostFiles.FileExists(root, "/etc/default/limine"))
                return Manual($"/etc/default/limine exists: limine-update (limine-entry-tool) rewrites the Limine configuration from it, so an edit of {string.Join(", ", detection.CommandLineFiles)} would be lost. Add the parameters to KERNEL_CMDLINE[default] in /etc/default/limine and run limine-update: {Parameters}");
            foreach (var path in detection.CommandLineFiles)
            {
                var file = new ConfigFile(path, root.TryReadText(path));
                var edit = LimineConfigEditor.Edit(file, set, detection.BootedRoot);
                if (edit.Problem is not null) return Manual($"{edit.Problem} The parameters to add: {Parameters}");
                if (Recheck([file], edit, f => LimineConfigEditor.Edit(f[0], set, detection.BootedRoot)) is { } failed) return failed;
                Take(edit);
            }
            return Planned("Limine");
        }

        private void Take(CommandLineEdit edit)
        {
            _files.AddRange(edit.Files.Where(f => !f.IsNoOp));
            _notes.AddRange(edit.Notes);
            if (edit.Changes && edit.Target is not null) _targets.Add(edit.Target);
        }

        /// <summary>
        /// Plans again on the edited text: anything still to do means the editor did not do what it claims, which is a
        /// bug — better reported than written to a boot configuration.
        /// </summary>
        private CommandLinePlanResult? Recheck(IReadOnlyList<ConfigFile> files, CommandLineEdit edit, Func<IReadOnlyList<ConfigFile>, CommandLineEdit> again)
        {
            if (!edit.Changes) return null;
            var edited = files.Select(f => edit.Files.FirstOrDefault(c => c.Path == f.Path) is { } c ? f with { Text = c.After } : f).ToList();
            var second = again(edited);
            return second.Changes || second.Problem is not null
                ? Error($"The edit of {string.Join(", ", edit.Files.Select(f => f.Path))} did not read back as complete ({second.Problem ?? string.Join(", ", second.Files.Select(f => f.Path))}); nothing is planned. Add these parameters by hand: {Parameters}")
                : null;
        }

        private List<string> InWantedOrder(IEnumerable<string> parameters)
        {
            var chosen = parameters.ToHashSet(StringComparer.Ordinal);
            return Wanted.Where(chosen.Contains).ToList();
        }

        private IEnumerable<string> Wanted => set.Wanted.Select(w => w.Parameter.Text);

        private static CommandStep Command(string program, IReadOnlyList<string> arguments, string reason) => new(new CommandRequest(program, arguments), reason);

        private CommandLinePlanResult Planned(string loader)
        {
            var plan = new ChangePlan
            {
                Steps = [Step],
                Summary = _files.Count == 0 && _commands.Count == 0
                    ? $"The kernel command line already has {Parameters} ({loader}); nothing to change."
                    : $"Add {Parameters} to the kernel command line ({loader}: {string.Join("; ", _targets.Distinct(StringComparer.Ordinal).DefaultIfEmpty("boot configuration"))}).",
                Files = _files,
                Commands = _commands,
                Notes = _notes.Concat(BootedNotes()).Distinct(StringComparer.Ordinal).ToList(),
                NeedsReboot = _files.Count > 0 || _commands.Count > 0,
            };
            return new CommandLinePlanResult { Outcome = CommandLinePlanOutcome.Planned, Detection = detection, Parameters = set, Plan = plan, Notes = plan.Notes };
        }

        /// <summary>What the running kernel got, compared with what the files now say.</summary>
        private IEnumerable<string> BootedNotes()
        {
            if (detection.BootedCommandLine is null) yield break;
            var booted = KernelCommandLine.Parse(detection.BootedCommandLine).Parameters;
            if (ParameterMerge.IsSatisfied(booted, set)) yield return "The running kernel was booted with these parameters already.";
            else if (_files.Count == 0 && _commands.Count == 0) yield return "The boot configuration has the parameters but the running kernel was booted without them: reboot for them to take effect.";
        }

        private CommandLinePlanResult Manual(string message, IReadOnlyList<string>? notes = null) => new()
        {
            Outcome = CommandLinePlanOutcome.Manual,
            Detection = detection,
            Parameters = set,
            Message = message,
            Notes = _notes.Concat(notes ?? []).ToList(),
        };

        private CommandLinePlanResult Error(string message) => new()
        {
            Outcome = CommandLinePlanOutcome.Error,
            Detection = detection,
            Parameters = set,
            Message = message,
            Notes = _notes,
        };
    }
}
