using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// initramfs-tools (Debian, Ubuntu, Proxmox): <c>/etc/initramfs-tools/modules</c> lists one module per line (with
/// optional arguments), loaded after the <c>init-top</c> scripts. The address-binding script goes into
/// <c>scripts/init-top/</c> under a name that sorts before <c>udev</c> and with no PREREQ, because mkinitramfs
/// orders scripts with tsort (name order among independent scripts) and udev's script probes every device.
/// mkinitramfs copies <c>/etc/modprobe.d/*.conf</c> itself; other modprobe files get a hook that copies them.
/// </summary>
public sealed class InitramfsToolsPlanner : IInitramfsPlanner
{
    public const string ConfigDirectory = "/etc/initramfs-tools";
    public const string ModulesFile = ConfigDirectory + "/modules";
    public const string ScriptName = "00-vfio-bind";
    public const string BindScript = ConfigDirectory + "/scripts/init-top/" + ScriptName;
    public const string CopyHook = ConfigDirectory + "/hooks/vfio-modprobe";

    private static readonly string[] ModprobeKeywords = ["options", "softdep", "blacklist", "install", "remove", "alias"];
    private static readonly string[] CopiedByMkinitramfs = ["/etc/modprobe.d/", "/lib/modprobe.d/"];

    public InitramfsSystem System => InitramfsSystem.InitramfsTools;

    public InitramfsPlan Plan(HostRoot root, InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(kernels);
        var findings = new List<InitramfsFinding>();
        var changes = new List<FileChange>();
        var notes = new List<string>();

        var before = InitramfsText.Read(root, ModulesFile);
        var after = PlanModules(before ?? "", payload, findings);
        if (before is null && after.Length > 0)
            after = "# List of modules that you want to include in your initramfs.\n# They will be loaded at boot time in the order below.\n" + after;
        InitramfsText.AddChange(changes, ModulesFile, before, after, "Load vfio-pci, vfio and vfio_iommu_type1 from the initramfs, ahead of the GPU drivers.", InitramfsText.Regular);

        if (root.DirectoryExists(ConfigDirectory + "/modules.d"))
        {
            foreach (var name in root.ListNames(ConfigDirectory + "/modules.d"))
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, ConfigDirectory + "/modules.d/" + name, null,
                    "mkinitramfs reads /etc/initramfs-tools/modules and /usr/share/initramfs-tools/modules.d, not /etc/initramfs-tools/modules.d: this file is ignored."));
        }

        var expectedFiles = payload.ModprobeFiles.Select(f => new ExpectedImageFile(f.TrimStart('/'), "modprobe configuration for vfio-pci")).ToList();
        var uncopied = payload.ModprobeFiles.Where(f => !(f.EndsWith(".conf", StringComparison.Ordinal) && CopiedByMkinitramfs.Any(d => f.StartsWith(d, StringComparison.Ordinal)))).ToList();
        if (uncopied.Count > 0)
            InitramfsText.AddChange(changes, CopyHook, InitramfsText.Read(root, CopyHook), CopyHookText(uncopied), "mkinitramfs copies only /etc/modprobe.d/*.conf: this hook copies the other modprobe files.", InitramfsText.Executable);

        if (payload.AddressBindings.Count > 0)
        {
            if (payload.BindingScript is null)
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, BindScript, null, "Binding by address was asked for without a binding script."));
            }
            else
            {
                InitramfsText.AddChange(changes, BindScript, InitramfsText.Read(root, BindScript), ScriptText(payload.BindingScript),
                    "Binds by address in init-top before udev probes the devices (its name sorts before udev, and it waits for nothing).", InitramfsText.Executable);
                expectedFiles.Add(new ExpectedImageFile("scripts/init-top/" + ScriptName, "init-top script that binds by address before udev"));
                foreach (var name in root.ListNames(ConfigDirectory + "/scripts/init-top").Where(n => n != ScriptName))
                {
                    var text = InitramfsText.Read(root, ConfigDirectory + "/scripts/init-top/" + name) ?? "";
                    if (text.Contains("driver_override", StringComparison.Ordinal) || text.Contains("vfio", StringComparison.Ordinal))
                        findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, ConfigDirectory + "/scripts/init-top/" + name, null,
                            "Another vfio binding script is already in init-top: two scripts would bind devices; remove the old one."));
                }
            }
        }

        var plan = InitramfsText.EmptyOr(changes,
            [new CommandStep(new CommandRequest("update-initramfs", ["-u", "-k", "all"]), "Rebuild the image of every installed kernel.")],
            "initramfs-tools: load vfio-pci, vfio and vfio_iommu_type1 from etc/initramfs-tools/modules" + (payload.AddressBindings.Count > 0 ? ", bind by address in init-top before udev" : "") + ", then rebuild every image.",
            notes);
        return new InitramfsPlan
        {
            System = System,
            Plan = plan,
            Findings = findings,
            Expectation = new ImageExpectation { Modules = [.. payload.Modules.Select(InitramfsText.NormalizeModule)], Files = expectedFiles },
        };
    }

    private sealed record ModuleLine(int Index, string Name, string Text);

    private static string PlanModules(string text, InitramfsPayload payload, List<InitramfsFinding> findings)
    {
        var lines = SplitKeepingEnds(text);
        var entries = new List<ModuleLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var content = lines[i].TrimEnd('\n', '\r').Trim();
            if (content.Length == 0 || content.StartsWith('#')) continue;
            var words = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var lineNumber = i + 1;
            if (ModprobeKeywords.Contains(words[0], StringComparer.Ordinal))
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, ModulesFile, lineNumber,
                    $"'{content}' is modprobe.d syntax: this file lists modules, so '{words[0]}' is taken as a module name and fails to load. Move the line to /etc/modprobe.d."));
                continue;
            }
            var name = InitramfsText.NormalizeModule(words[0]);
            if (words.Length > 1)
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Info, ModulesFile, lineNumber,
                    $"Arguments on a module line ('{content}') apply only when the initramfs loads it; options belong in /etc/modprobe.d."));
            }
            if (seen.TryGetValue(name, out var first))
            {
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, ModulesFile, lineNumber, $"{words[0]} is listed again (first on line {first}); only the first load counts."));
                continue;
            }
            seen[name] = lineNumber;
            entries.Add(new ModuleLine(i, name, content));
        }

        var drivers = InitramfsText.DriversBeforeVfio(payload).ToHashSet(StringComparer.Ordinal);
        var firstDriver = entries.FirstOrDefault(e => drivers.Contains(e.Name));
        var missing = new List<string>();
        var moved = new List<ModuleLine>();
        foreach (var module in payload.Modules)
        {
            var entry = entries.FirstOrDefault(e => e.Name == InitramfsText.NormalizeModule(module));
            if (entry is not null && (firstDriver is null || entry.Index < firstDriver.Index)) continue;
            if (entry is not null)
            {
                moved.Add(entry);
                findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, ModulesFile, entry.Index + 1,
                    $"{firstDriver!.Text} is loaded before {entry.Text}: the GPU driver can claim the card first. The plan moves the vfio modules ahead of it."));
            }
            else
            {
                missing.Add(module);
            }
        }
        // Moved lines keep their own order and text (arguments included); new ones follow in the payload's order.
        var remove = moved.Select(m => m.Index).ToHashSet();
        var insert = moved.OrderBy(m => m.Index).Select(m => lines[m.Index].TrimEnd('\n', '\r')).Concat(missing).ToList();
        if (insert.Count == 0) return text;

        var result = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (firstDriver is not null && i == firstDriver.Index)
            {
                foreach (var line in insert) result.Append(line).Append('\n');
            }
            if (!remove.Contains(i)) result.Append(lines[i]);
        }
        if (firstDriver is null)
        {
            if (result.Length > 0 && result[^1] != '\n') result.Append('\n');
            foreach (var line in insert) result.Append(line).Append('\n');
        }
        return result.ToString();
    }

    private static List<string> SplitKeepingEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    private static string ScriptText(string script) =>
        "#!/bin/sh\n"
        + "# Written by PassthroughWeb (step 3): binds the passed-through devices to vfio-pci by address.\n"
        + "# init-top scripts run in tsort order, by name among scripts without prerequisites: this name sorts\n"
        + "# before 'udev' and the script waits for nothing, so it runs before udev probes any device, and\n"
        + "# before the modules listed in /etc/initramfs-tools/modules are loaded.\n"
        + "PREREQ=\"\"\n"
        + "prereqs()\n{\n\techo \"$PREREQ\"\n}\n"
        + "case $1 in\nprereqs)\n\tprereqs\n\texit 0\n\t;;\nesac\n\n"
        + InitramfsText.BindingBody(script);

    private static string CopyHookText(IReadOnlyList<string> files) =>
        "#!/bin/sh\n"
        + "# Written by PassthroughWeb (step 3): copies the modprobe files vfio-pci needs into the image.\n"
        + "PREREQ=\"\"\n"
        + "prereqs()\n{\n\techo \"$PREREQ\"\n}\n"
        + "case $1 in\nprereqs)\n\tprereqs\n\texit 0\n\t;;\nesac\n\n"
        + ". /usr/share/initramfs-tools/hook-functions\n"
        + string.Concat(files.Select(f => $"copy_file config {f}\n"));
}
