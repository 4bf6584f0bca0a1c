using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// dracut: <c>/etc/dracut.conf</c>, then every <c>/etc/dracut.conf.d/*.conf</c> in name order, sourced by bash; a
/// file not ending in <c>.conf</c> is silently ignored. The plan writes <c>10-vfio.conf</c> with
/// <c>force_drivers+=</c> (loaded at the cmdline stage, before udev) and <c>install_items+=</c> for the modprobe
/// files. Binding by address needs a dracut module: <c>install_items</c> only copies a file, while
/// <c>inst_hook pre-udev</c> runs it before udev starts. dracut sources hooks, so the script runs in a subshell.
/// </summary>
public sealed class DracutPlanner : IInitramfsPlanner
{
    public const string MainConfig = "/etc/dracut.conf";
    public const string DropInDirectory = "/etc/dracut.conf.d";
    public const string DropIn = DropInDirectory + "/10-vfio.conf";
    public const string ModuleName = "vfio-bind";
    public const string ModuleDirectory = "/usr/lib/dracut/modules.d/90" + ModuleName;
    public const string ModuleSetup = ModuleDirectory + "/module-setup.sh";
    public const string HookScript = ModuleDirectory + "/vfio-bind.sh";

    /// <summary>Where <c>inst_hook pre-udev 00</c> puts the hook inside the image.</summary>
    public const string ImageHookPath = "lib/dracut/hooks/pre-udev/00-vfio-bind.sh";

    private static readonly string[] ListVariables = ["force_drivers", "add_drivers", "install_items", "add_dracutmodules", "omit_drivers", "omit_dracutmodules", "hostonly_cmdline", "hostonly"];

    public InitramfsSystem System => InitramfsSystem.Dracut;

    public InitramfsPlan Plan(HostRoot root, InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(kernels);
        var findings = new List<InitramfsFinding>();
        var changes = new List<FileChange>();
        var notes = new List<string>();
        var byAddress = payload.AddressBindings.Count > 0;

        var wantedLines = new List<string> { "force_drivers+=\" " + string.Join(' ', payload.Modules) + " \"" };
        if (payload.ModprobeFiles.Count > 0) wantedLines.Add("install_items+=\" " + string.Join(' ', payload.ModprobeFiles) + " \"");
        if (byAddress) wantedLines.Add("add_dracutmodules+=\" " + ModuleName + " \"");
        if (payload.Modules.Any(InitramfsText.IsVfioVirqfd) && kernels.Any(k => !k.HasSeparateVfioVirqfd))
            notes.Add("vfio_virqfd exists only on kernels older than 6.2; dracut warns about it on the newer ones and builds the image anyway.");

        Lint(root, payload, wantedLines, findings);

        var before = InitramfsText.Read(root, DropIn);
        var after = before ?? "# Written by PassthroughWeb (step 3): load vfio-pci before any GPU driver and carry its configuration.\n";
        foreach (var line in wantedLines)
        {
            if (HasLine(after, line)) continue;
            if (after.Length > 0 && !after.EndsWith('\n')) after += "\n";
            after += line + "\n";
        }
        InitramfsText.AddChange(changes, DropIn, before, after, "force_drivers loads the vfio modules at the cmdline stage, before udev and any GPU driver.", InitramfsText.Regular);

        var expectedFiles = payload.ModprobeFiles.Select(f => new ExpectedImageFile(f.TrimStart('/'), "modprobe configuration for vfio-pci")).ToList();
        if (byAddress)
        {
            if (payload.BindingScript is null)
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, HookScript, null, "Binding by address was asked for without a binding script."));
            }
            else
            {
                AddModuleFiles(root, payload.BindingScript, changes);
                expectedFiles.Add(new ExpectedImageFile(ImageHookPath, "pre-udev hook that binds by address before udev"));
            }
        }

        var plan = InitramfsText.EmptyOr(changes,
            [new CommandStep(new CommandRequest("dracut", ["--regenerate-all", "-f"]), "Rebuild the image of every installed kernel with the vfio modules.")],
            "dracut: force-load vfio-pci, vfio and vfio_iommu_type1 from etc/dracut.conf.d/10-vfio.conf" + (byAddress ? ", bind by address in a pre-udev hook" : "") + ", then rebuild every image.",
            notes);
        return new InitramfsPlan
        {
            System = System,
            Plan = plan,
            Findings = findings,
            Expectation = new ImageExpectation { Modules = [.. payload.Modules.Select(InitramfsText.NormalizeModule)], Files = expectedFiles },
        };
    }

    private static bool HasLine(string text, string line) =>
        text.Split('\n').Any(l => l.TrimEnd('\r').Trim() == line);

    private static void Lint(HostRoot root, InitramfsPayload payload, List<string> wantedLines, List<InitramfsFinding> findings)
    {
        var files = new List<(string Path, string Text)>();
        var main = InitramfsText.Read(root, MainConfig);
        if (main is not null) files.Add((MainConfig, main));
        foreach (var name in root.ListNames(DropInDirectory))
        {
            var path = DropInDirectory + "/" + name;
            if (!name.EndsWith(".conf", StringComparison.Ordinal))
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, path, null, "dracut reads only *.conf files from dracut.conf.d: this file is silently ignored (rename it to end in .conf)."));
                continue;
            }
            var text = InitramfsText.Read(root, path);
            if (text is not null) files.Add((path, text));
        }

        var drivers = InitramfsText.DriversBeforeVfio(payload).ToHashSet(StringComparer.Ordinal);
        var vfio = payload.Modules.Select(InitramfsText.NormalizeModule).ToHashSet(StringComparer.Ordinal);
        var ours = wantedLines.Select(l => l[..l.IndexOf('+', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            foreach (var assignment in ShellAssignment.Find(text, ListVariables))
            {
                if (assignment.Unreadable)
                {
                    findings.Add(InitramfsText.Unreadable(path, assignment, "dracut"));
                    continue;
                }
                var inDropIn = path != MainConfig;
                if (!assignment.Appends && inDropIn && assignment.Name is "force_drivers" or "add_drivers" or "install_items" or "add_dracutmodules" or "omit_drivers")
                {
                    var severity = ours.Contains(assignment.Name) && string.CompareOrdinal(path, DropIn) > 0 ? InitramfsFindingSeverity.Blocking : InitramfsFindingSeverity.Warning;
                    findings.Add(new InitramfsFinding(severity, path, assignment.Line,
                        $"{assignment.Name}= (plain '=') in a drop-in replaces every earlier {assignment.Name} instead of adding to it (use {assignment.Name}+=)"
                        + (severity == InitramfsFindingSeverity.Blocking ? $"; it is read after {DropIn} and would drop what the plan puts there." : ".")));
                }
                if (assignment.Appends && assignment.Form == ShellValueForm.DoubleQuoted && assignment.Words.Count > 0)
                {
                    var inner = text[assignment.InnerStart..assignment.InnerEnd];
                    if (inner.Length > 0 && (!char.IsWhiteSpace(inner[0]) || !char.IsWhiteSpace(inner[^1])))
                        findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, path, assignment.Line,
                            $"{assignment.Name}+=\"{inner}\" has no space {(!char.IsWhiteSpace(inner[0]) ? "after the opening" : "before the closing")} quote: dracut joins += values as strings, so the first or last name can run into another file's."));
                }
                if (assignment.Name == "force_drivers")
                {
                    foreach (var word in assignment.Words.Where(w => drivers.Contains(InitramfsText.NormalizeModule(w.Value))))
                        findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, path, assignment.Line,
                            $"{word.Value} is force-loaded with the vfio modules: it can claim the card before vfio-pci does."));
                }
                if (assignment.Name == "add_drivers" && assignment.Words.Any(w => vfio.Contains(InitramfsText.NormalizeModule(w.Value))))
                {
                    findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Info, path, assignment.Line,
                        "add_drivers only puts the vfio modules into the image; they load when udev asks for them, possibly after the GPU driver. The plan force-loads them."));
                }
                if (assignment.Name == "hostonly_cmdline" && assignment.Values.Any(v => v is not ("yes" or "no")))
                {
                    findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, path, assignment.Line,
                        $"hostonly_cmdline takes yes or no, not kernel parameters ('{string.Join(' ', assignment.Values)}'): kernel_cmdline= was probably meant."));
                }
            }
        }
    }

    private static void AddModuleFiles(HostRoot root, string script, List<FileChange> changes)
    {
        const string setup = """
            #!/bin/bash
            # Written by PassthroughWeb (step 3): binds the passed-through devices to vfio-pci by address.

            # 255: only when asked for, by add_dracutmodules+=" vfio-bind " in /etc/dracut.conf.d/10-vfio.conf.
            check() {
                return 255
            }

            depends() {
                return 0
            }

            install() {
                # pre-udev runs before udev starts and probes devices; install_items alone would only copy the file.
                inst_hook pre-udev 00 "$moddir/vfio-bind.sh"
            }

            """;
        var hook = "#!/bin/sh\n"
            + "# Written by PassthroughWeb (step 3). dracut sources pre-udev hooks, so the binding runs in a subshell:\n"
            + "# an exit inside it cannot end dracut's init.\n"
            + "(\n" + InitramfsText.BindingBody(script) + ")\n";
        InitramfsText.AddChange(changes, ModuleSetup, InitramfsText.Read(root, ModuleSetup), setup, "A dracut module that installs the binding script as a pre-udev hook.", InitramfsText.Executable);
        InitramfsText.AddChange(changes, HookScript, InitramfsText.Read(root, HookScript), hook, "The address-binding script, run before udev.", InitramfsText.Executable);
    }
}
