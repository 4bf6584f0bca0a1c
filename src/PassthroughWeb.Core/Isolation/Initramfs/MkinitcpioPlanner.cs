using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// mkinitcpio: <c>/etc/mkinitcpio.conf</c> is sourced by bash, then every <c>/etc/mkinitcpio.conf.d/*.conf</c> in
/// name order. A drop-in that says <c>MODULES=(…)</c> replaces the list, <c>MODULES+=(…)</c> adds to it, so the vfio
/// modules go into the last file that sets MODULES with '=' (where the effective list starts), ahead of any GPU
/// driver. Binding by address uses a hook of our own whose <c>run_earlyhook</c> runs before MODULES are loaded and
/// before udev triggers any device (and, for systemd-based images, a unit ordered before udev).
/// </summary>
public sealed class MkinitcpioPlanner : IInitramfsPlanner
{
    public const string MainConfig = "/etc/mkinitcpio.conf";
    public const string DropInDirectory = "/etc/mkinitcpio.conf.d";

    /// <summary>Created only when no file sets MODULES with '=': it sorts first among the drop-ins.</summary>
    public const string ModulesDropIn = DropInDirectory + "/00-vfio.conf";

    public const string FilesDropIn = DropInDirectory + "/90-vfio-files.conf";
    public const string HookName = "vfio-bind";
    public const string RuntimeHook = "/etc/initcpio/hooks/" + HookName;
    public const string InstallHook = "/etc/initcpio/install/" + HookName;
    public const string BindScript = "/etc/initcpio/vfio-bind/bind.sh";
    public const string BindUnit = "/etc/initcpio/vfio-bind/vfio-bind.service";

    private static readonly string[] ModconfCovers = ["/etc/modprobe.d/", "/usr/lib/modprobe.d/", "/lib/modprobe.d/"];

    public InitramfsSystem System => InitramfsSystem.Mkinitcpio;

    public InitramfsPlan Plan(HostRoot root, InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(kernels);
        var findings = new List<InitramfsFinding>();
        var changes = new List<FileChange>();
        var notes = new List<string>();

        var files = ReadConfigFiles(root, findings);
        var texts = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        var edits = files.ToDictionary(f => f.Path, _ => new List<TextEdit>(), StringComparer.Ordinal);
        var created = new Dictionary<string, string>(StringComparer.Ordinal);

        var modules = WantedModules(payload, kernels, notes);
        PlanModules(files, modules, payload, edits, created, findings);
        var hooksWanted = new List<string> { "modconf" };
        if (payload.AddressBindings.Count > 0) hooksWanted.Add(HookName);
        PlanHooks(files, hooksWanted, edits, created, findings);

        var extraFiles = payload.ModprobeFiles
            .Where(f => !(f.EndsWith(".conf", StringComparison.Ordinal) && ModconfCovers.Any(d => f.StartsWith(d, StringComparison.Ordinal))))
            .ToList();
        if (extraFiles.Count > 0)
        {
            created[FilesDropIn] = "# Written by PassthroughWeb (step 3): modprobe files the modconf hook does not copy.\nFILES+=(" + string.Join(' ', extraFiles) + ")\n";
        }

        foreach (var file in files)
        {
            var after = TextEdit.Apply(file.Text, edits[file.Path]);
            InitramfsText.AddChange(changes, file.Path, file.Text, after,
                file.Path == MainConfig ? "Load vfio-pci before the GPU drivers and copy modprobe.d into the image." : "The effective MODULES/HOOKS are set in this drop-in.");
        }
        foreach (var (path, content) in created)
        {
            InitramfsText.AddChange(changes, path, InitramfsText.Read(root, path), content, "Adds the vfio modules (or files) to the image.", InitramfsText.Regular);
        }

        var expectedFiles = payload.ModprobeFiles.Select(f => new ExpectedImageFile(f.TrimStart('/'), "modprobe configuration for vfio-pci")).ToList();
        if (payload.AddressBindings.Count > 0)
        {
            if (payload.BindingScript is null)
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, BindScript, null, "Binding by address was asked for without a binding script."));
            }
            else
            {
                AddBindingFiles(root, payload.BindingScript, changes);
                expectedFiles.Add(new ExpectedImageFile("hooks/" + HookName, "runtime hook that binds by address before udev"));
                expectedFiles.Add(new ExpectedImageFile(BindScript.TrimStart('/'), "the address-binding script"));
            }
        }

        var plan = InitramfsText.EmptyOr(changes,
            [new CommandStep(new CommandRequest("mkinitcpio", ["-P"]), "Rebuild the images of every preset so they carry the vfio modules.")],
            "mkinitcpio: load vfio-pci, vfio and vfio_iommu_type1 ahead of the GPU drivers" + (payload.AddressBindings.Count > 0 ? ", bind by address in an early hook" : "") + ", then rebuild every preset.",
            notes);
        return new InitramfsPlan
        {
            System = System,
            Plan = plan,
            Findings = findings,
            Expectation = new ImageExpectation { Modules = [.. modules.Select(InitramfsText.NormalizeModule)], Files = expectedFiles },
        };
    }

    private sealed record ConfigFile(string Path, string Text, List<ShellAssignment> Assignments);

    private static List<ConfigFile> ReadConfigFiles(HostRoot root, List<InitramfsFinding> findings)
    {
        var files = new List<ConfigFile>();
        var main = InitramfsText.Read(root, MainConfig);
        if (main is not null) files.Add(new ConfigFile(MainConfig, main, ShellAssignment.Find(main, "MODULES", "HOOKS")));
        else findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, MainConfig, null, "mkinitcpio.conf is missing; the plan adds a drop-in instead."));
        foreach (var name in root.ListNames(DropInDirectory))
        {
            var path = DropInDirectory + "/" + name;
            if (!name.EndsWith(".conf", StringComparison.Ordinal))
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, path, null, "mkinitcpio sources only *.conf files from mkinitcpio.conf.d: this file is ignored."));
                continue;
            }
            var text = InitramfsText.Read(root, path);
            if (text is null) continue;
            files.Add(new ConfigFile(path, text, ShellAssignment.Find(text, "MODULES", "HOOKS")));
        }
        foreach (var file in files)
            findings.AddRange(file.Assignments.Where(a => a.Unreadable).Select(a => InitramfsText.Unreadable(file.Path, a, "mkinitcpio")));
        // A file whose lists the shell does not read as lists is not planned on: the finding blocks the plan.
        return files.Where(f => !f.Assignments.Any(a => a.Unreadable)).ToList();
    }

    private static List<string> WantedModules(InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels, List<string> notes)
    {
        var modules = new List<string>();
        foreach (var module in payload.Modules)
        {
            // mkinitcpio fails on a missing module unless it ends in '?': vfio_virqfd is gone from 6.2 on.
            if (InitramfsText.IsVfioVirqfd(module) && kernels.Any(k => !k.HasSeparateVfioVirqfd))
            {
                modules.Add(InitramfsText.NormalizeModule(module) + "?");
                notes.Add("vfio_virqfd is marked optional (vfio_virqfd?): it exists only on the kernels older than 6.2.");
            }
            else
            {
                modules.Add(module);
            }
        }
        return modules;
    }

    private static void PlanModules(List<ConfigFile> files, List<string> modules, InitramfsPayload payload,
        Dictionary<string, List<TextEdit>> edits, Dictionary<string, string> created, List<InitramfsFinding> findings)
    {
        var all = files.SelectMany(f => f.Assignments.Where(a => a.Name == "MODULES").Select(a => (File: f, Assignment: a))).ToList();
        var replacing = all.Where(x => !x.Assignment.Appends).ToList();
        foreach (var (file, assignment) in replacing.Where(x => x.File.Path != MainConfig))
        {
            var earlier = all.TakeWhile(x => x.Assignment != assignment).SelectMany(x => x.Assignment.Values).Where(v => !assignment.Values.Contains(v)).Distinct().ToList();
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, file.Path, assignment.Line,
                "MODULES=(…) with '=' in a drop-in replaces the MODULES set before it instead of adding to them (use MODULES+=(…))"
                + (earlier.Count > 0 ? $"; dropped: {string.Join(' ', earlier)}." : ".")));
        }

        var drivers = InitramfsText.DriversBeforeVfio(payload);
        if (replacing.Count == 0)
        {
            created[ModulesDropIn] = "# Written by PassthroughWeb (step 3): vfio-pci must load before any GPU driver.\nMODULES+=(" + string.Join(' ', modules) + ")\n";
            return;
        }
        var (baseFile, baseAssignment) = replacing[^1];
        // The effective list is the last '=' value followed by every later '+=': check the order there.
        var result = ModuleListEdit.PlaceAhead(baseFile.Text, baseAssignment, modules, drivers);
        edits[baseFile.Path].AddRange(result.Edits);
        if (result.Moved.Count > 0)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, baseFile.Path, baseAssignment.Line,
                $"{result.FirstDriver} is loaded before {string.Join(' ', result.Moved)} in MODULES: the GPU driver can claim the card first. The plan moves the vfio modules ahead of it."));
        }
        var later = all.SkipWhile(x => x.Assignment != baseAssignment).Skip(1).ToList();
        foreach (var (file, assignment) in later)
        {
            foreach (var word in assignment.Words.Where(w => modules.Select(InitramfsText.NormalizeModule).Contains(InitramfsText.NormalizeModule(w.Value))))
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Info, file.Path, assignment.Line,
                    $"{word.Value} is also appended here; the earlier entry in {baseFile.Path} is the one that counts."));
            }
        }
    }

    private static void PlanHooks(List<ConfigFile> files, List<string> wanted,
        Dictionary<string, List<TextEdit>> edits, Dictionary<string, string> created, List<InitramfsFinding> findings)
    {
        var all = files.SelectMany(f => f.Assignments.Where(a => a.Name == "HOOKS").Select(a => (File: f, Assignment: a))).ToList();
        var replacing = all.Where(x => !x.Assignment.Appends).ToList();
        var effective = replacing.Count == 0 ? all : all.SkipWhile(x => x.Assignment != replacing[^1].Assignment).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, assignment) in effective)
        {
            foreach (var hook in assignment.Values)
            {
                if (!seen.Add(hook))
                    findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, file.Path, assignment.Line, $"The hook '{hook}' is listed more than once in HOOKS: it runs twice."));
            }
        }

        var missing = wanted.Where(h => !seen.Contains(h)).ToList();
        if (missing.Count == 0) return;
        if (replacing.Count == 0)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, MainConfig, null, "No file sets HOOKS: mkinitcpio would build an image without hooks."));
            created[DropInDirectory + "/00-vfio-hooks.conf"] = "# Written by PassthroughWeb (step 3).\nHOOKS+=(" + string.Join(' ', missing) + ")\n";
            return;
        }
        var (baseFile, baseAssignment) = replacing[^1];
        var words = baseAssignment.Words;
        if (baseAssignment.Form == ShellValueForm.Bare)
        {
            // A bare value is one shell word: more hooks make it an array, as in the stock file.
            var hooks = words.Select(w => w.Value).ToList();
            var front = 0;
            foreach (var hook in missing)
            {
                var anchor = HookAnchors(hook).Select(a => hooks.IndexOf(a)).FirstOrDefault(i => i >= 0, -1);
                if (anchor >= 0) hooks.Insert(anchor + 1, hook);
                else hooks.Insert(front++, hook);
            }
            edits[baseFile.Path].Add(new TextEdit(baseAssignment.InnerStart, baseAssignment.InnerEnd - baseAssignment.InnerStart, "(" + string.Join(' ', hooks) + ")"));
            return;
        }
        if (words.Count == 0)
        {
            edits[baseFile.Path].Add(new TextEdit(baseAssignment.InnerStart, 0, string.Join(' ', missing)));
            return;
        }
        foreach (var hook in missing)
        {
            var anchor = HookAnchors(hook).Select(a => words.FirstOrDefault(w => w.Value == a)).FirstOrDefault(w => w is not null);
            if (anchor is not null) edits[baseFile.Path].Add(new TextEdit(anchor.End, 0, " " + hook));
            else edits[baseFile.Path].Add(new TextEdit(words[0].Start, 0, hook + " "));
        }
    }

    /// <summary>
    /// The hooks a missing hook goes after, first found wins: modconf after autodetect (the stock order); our early
    /// hook right after base: its position only decides the order among early hooks, which all run before MODULES
    /// are loaded and devices triggered.
    /// </summary>
    private static string[] HookAnchors(string hook) => hook == "modconf" ? ["autodetect", "udev", "systemd", "base"] : ["base"];

    private static void AddBindingFiles(HostRoot root, string script, List<FileChange> changes)
    {
        const string runtime = """
            #!/usr/bin/ash
            # Written by PassthroughWeb (step 3). Early hooks run before MODULES are loaded and before udev
            # triggers devices, so driver_override is set before any GPU driver can claim the card.
            run_earlyhook() {
                /bin/sh /etc/initcpio/vfio-bind/bind.sh
            }

            """;
        const string install = """
            #!/bin/bash
            # Written by PassthroughWeb (step 3).

            build() {
                add_file /etc/initcpio/vfio-bind/bind.sh /etc/initcpio/vfio-bind/bind.sh 755
                add_runscript
                # Images built with the systemd hook run no runtime hooks: a unit runs the same script before udev.
                add_file /etc/initcpio/vfio-bind/vfio-bind.service /usr/lib/systemd/system/vfio-bind.service 644
                add_symlink /usr/lib/systemd/system/sysinit.target.wants/vfio-bind.service ../vfio-bind.service
            }

            help() {
                cat <<HELPEOF
            Binds the devices chosen for passthrough to vfio-pci by PCI address (driver_override) before udev
            or any GPU driver can claim them, after checking the vendor:device ID at each address.
            HELPEOF
            }

            """;
        const string unit = """
            [Unit]
            Description=Bind passed-through devices to vfio-pci by address (PassthroughWeb)
            DefaultDependencies=no
            Before=systemd-udevd.service systemd-udev-trigger.service systemd-modules-load.service

            [Service]
            Type=oneshot
            ExecStart=/bin/sh /etc/initcpio/vfio-bind/bind.sh

            """;
        InitramfsText.AddChange(changes, BindScript, InitramfsText.Read(root, BindScript), InitramfsText.BindingFile(script), "The address-binding script the early hook runs.", InitramfsText.Executable);
        InitramfsText.AddChange(changes, RuntimeHook, InitramfsText.Read(root, RuntimeHook), runtime, "Runs the binding script at boot, before udev.", InitramfsText.Regular);
        InitramfsText.AddChange(changes, InstallHook, InitramfsText.Read(root, InstallHook), install, "Puts the binding script into the image.", InitramfsText.Regular);
        InitramfsText.AddChange(changes, BindUnit, InitramfsText.Read(root, BindUnit), unit, "Runs the binding script in systemd-based images.", InitramfsText.Regular);
    }
}
