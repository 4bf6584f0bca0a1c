using System.Text;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Decides, from what is under a host root, which boot loader really boots the host. Evidence of what booted
/// (systemd-boot's EFI variables, <c>bootctl status</c>, GRUB's BOOT_IMAGE= on proc/cmdline) counts before evidence of
/// what is merely installed: a host can carry GRUB's files and boot through systemd-boot, or carry stray loader
/// entries and boot through GRUB. The result names the files holding the command line the planner will edit.
/// </summary>
public static class BootLoaderDetector
{
    public const string BootLoaderInterfaceGuid = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";
    public const string LoaderEntrySelectedVariable = "/sys/firmware/efi/efivars/LoaderEntrySelected-" + BootLoaderInterfaceGuid;
    public const string LoaderInfoVariable = "/sys/firmware/efi/efivars/LoaderInfo-" + BootLoaderInterfaceGuid;
    public const string KernelCmdlineFile = "/etc/kernel/cmdline";
    public const string ProxmoxBootUuids = "/etc/kernel/proxmox-boot-uuids";

    /// <summary>Where the EFI system partition (or XBOOTLDR) is mounted on common installs.</summary>
    public static IReadOnlyList<string> EspMountPoints { get; } = ["/boot", "/efi", "/boot/efi"];

    public static IReadOnlyList<string> SyslinuxConfigs { get; } =
        ["/boot/syslinux/syslinux.cfg", "/boot/extlinux/extlinux.conf", "/boot/extlinux.conf", "/extlinux.conf", "/boot/efi/EFI/syslinux/syslinux.cfg", "/efi/EFI/syslinux/syslinux.cfg"];

    /// <summary>
    /// Detects with <c>bootctl status</c> as extra evidence, run only when the root is this machine's "/"
    /// (on a copy of a host, bootctl would describe this machine).
    /// </summary>
    public static async Task<BootLoaderDetection> DetectAsync(HostRoot root, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(runner);
        string? status = null;
        if (root.IsSystemRoot)
        {
            var result = await runner.RunAsync(new CommandRequest("bootctl", ["status", "--no-pager"]) { Timeout = TimeSpan.FromSeconds(20) }, cancellationToken).ConfigureAwait(false);
            // bootctl exits non-zero for "not booted with EFI" yet still prints what it knows.
            if (result.Started && result.StandardOutput.Length > 0) status = result.StandardOutput;
        }
        return Detect(root, status);
    }

    public static BootLoaderDetection Detect(HostRoot root, string? bootctlStatus = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var looked = new List<string>();
        var evidence = new List<BootEvidence>();
        var os = OsRelease.Read(root);
        looked.Add("/etc/os-release");

        looked.Add("/proc/cmdline");
        var cmdline = root.TryReadText("proc/cmdline")?.Trim();
        var bootImage = cmdline is not null && KernelCommandLine.Parse(cmdline).Contains("BOOT_IMAGE");

        // What booted, in the firmware's own words.
        looked.Add(LoaderEntrySelectedVariable);
        looked.Add(LoaderInfoVariable);
        var selected = ReadEfiString(root, LoaderEntrySelectedVariable);
        var loaderInfo = ReadEfiString(root, LoaderInfoVariable);
        var bootctl = bootctlStatus is null ? default : ParseBootctl(bootctlStatus);
        var systemdBootBooted = selected is not null
            || (loaderInfo?.Contains("systemd-boot", StringComparison.OrdinalIgnoreCase) ?? false)
            || (bootctl.Product?.Contains("systemd-boot", StringComparison.OrdinalIgnoreCase) ?? false);
        if (selected is not null) evidence.Add(new BootEvidence(LoaderEntrySelectedVariable, $"systemd-boot booted the entry '{selected}'"));
        if (loaderInfo is not null) evidence.Add(new BootEvidence(LoaderInfoVariable, $"the boot loader says it is '{loaderInfo}'"));
        if (bootctl.Product is not null) evidence.Add(new BootEvidence("bootctl status", $"current boot loader: {bootctl.Product}"));
        if (bootImage) evidence.Add(new BootEvidence("/proc/cmdline", "BOOT_IMAGE= is set, which GRUB (or syslinux) adds when it boots a kernel"));

        // What is installed.
        var grubDefaults = GrubDefaultsEditor.ReadFiles(root);
        looked.Add(GrubDefaultsEditor.MainFile);
        var grubConfigs = GrubConfigs(root, looked);
        if (grubDefaults[0].Exists) evidence.Add(new BootEvidence(GrubDefaultsEditor.MainFile, "GRUB's settings are present"));
        foreach (var cfg in grubConfigs) evidence.Add(new BootEvidence(cfg, "a generated GRUB configuration"));
        var grubInstalled = grubDefaults[0].Exists || grubConfigs.Count > 0;
        var grubBls = grubInstalled && GrubDefaultsEditor.IsBlsEnabled(grubDefaults);

        var (entries, loaderConf) = LoaderEntries(root, looked);
        var linuxEntries = entries.Where(IsLinuxEntry).ToList();
        foreach (var e in entries)
            evidence.Add(new BootEvidence(e.Path, IsLinuxEntry(e) ? "a loader entry that boots Linux" : "a loader entry that starts an EFI program, not a Linux kernel"));
        var defaultEntry = loaderConf?.Text is { } lc ? LoaderConfDefault(lc) : null;
        if (loaderConf is not null) evidence.Add(new BootEvidence(loaderConf.Path, defaultEntry is null ? "systemd-boot's loader.conf, no default entry" : $"systemd-boot's loader.conf, default entry '{defaultEntry}'"));
        var bootedEntry = selected ?? bootctl.Entry ?? (defaultEntry is not null ? MatchEntry(entries, defaultEntry)?.Path : null);

        var ukiImages = EspFiles(root, "EFI/Linux", ".efi", looked);
        foreach (var u in ukiImages) evidence.Add(new BootEvidence(u, "a unified kernel image"));
        var (ukiBuilder, ukiFiles) = UkiConfiguration(root, evidence, looked);

        looked.Add(KernelstubConfig.Path);
        var kernelstub = HostFiles.FileExists(root, KernelstubConfig.Path);
        if (kernelstub) evidence.Add(new BootEvidence(KernelstubConfig.Path, "kernelstub (Pop!_OS) writes the boot entry from this file"));
        looked.Add(ProxmoxBootUuids);
        var proxmoxUuids = root.TryReadText(ProxmoxBootUuids);
        var proxmoxGrub = proxmoxUuids is not null && proxmoxUuids.Split('\n').Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Contains("grub", StringComparer.Ordinal));
        if (proxmoxUuids is not null) evidence.Add(new BootEvidence(ProxmoxBootUuids, $"proxmox-boot-tool manages the ESPs ({(proxmoxGrub ? "GRUB" : "systemd-boot")} mode)"));
        looked.Add(KernelCmdlineFile);
        var kernelCmdline = HostFiles.FileExists(root, KernelCmdlineFile);

        var refind = RefindFiles(root, looked);
        foreach (var r in refind) evidence.Add(new BootEvidence(r, "rEFInd's per-kernel options file"));
        var limine = LimineFiles(root, looked);
        foreach (var l in limine) evidence.Add(new BootEvidence(l, "a Limine configuration"));
        var syslinux = SyslinuxConfigs.Where(p => { looked.Add(p); return HostFiles.FileExists(root, p); }).ToList();
        foreach (var s in syslinux) evidence.Add(new BootEvidence(s, "a syslinux/extlinux configuration"));

        BootLoaderDetection Result(BootLoaderKind kind, IReadOnlyList<string> files, string why)
        {
            evidence.Insert(0, new BootEvidence("decision", why));
            return new BootLoaderDetection
            {
                Kind = kind,
                Evidence = evidence,
                CommandLineFiles = files,
                BootedCommandLine = cmdline,
                BootedEntry = bootedEntry,
                OsRelease = os,
                GrubBls = kind == BootLoaderKind.Grub && grubBls,
                UkiBuilder = ukiBuilder,
                ProxmoxUsesGrub = proxmoxGrub,
                LookedAt = looked.Distinct(StringComparer.Ordinal).ToList(),
            };
        }

        IReadOnlyList<string> GrubFiles() => grubDefaults.Where(f => f.Exists).Select(f => f.Path).DefaultIfEmpty(GrubDefaultsEditor.MainFile).ToList();
        IReadOnlyList<string> EntryFiles() => linuxEntries.Select(e => e.Path).Concat(kernelCmdline ? [KernelCmdlineFile] : []).ToList();

        if (kernelstub)
            return Result(BootLoaderKind.Kernelstub, [KernelstubConfig.Path], "kernelstub's configuration exists: on Pop!_OS it rewrites the boot entry on every kernel update, so the parameters go through kernelstub.");
        if (proxmoxUuids is not null)
        {
            return proxmoxGrub || (!kernelCmdline && grubInstalled)
                ? Result(BootLoaderKind.ProxmoxBootTool, GrubFiles(), "proxmox-boot-tool manages the ESPs in GRUB mode: the command line comes from /etc/default/grub and proxmox-boot-tool refresh copies it out.")
                : Result(BootLoaderKind.ProxmoxBootTool, [KernelCmdlineFile], "proxmox-boot-tool manages the ESPs with systemd-boot: the command line comes from /etc/kernel/cmdline and proxmox-boot-tool refresh writes the entries.");
        }
        var bootedUki = selected?.EndsWith(".efi", StringComparison.OrdinalIgnoreCase) ?? false;
        if (systemdBootBooted)
        {
            if (bootedUki || (ukiBuilder != UkiBuilder.None && linuxEntries.Count == 0))
                return Result(BootLoaderKind.UnifiedKernelImage, ukiFiles, $"systemd-boot booted {(bootedUki ? $"the unified kernel image '{selected}'" : "and only unified kernel images are built here")}: the command line is inside the image.");
            return Result(BootLoaderKind.SystemdBoot, EntryFiles(),
                grubInstalled
                    ? "systemd-boot booted this host (its EFI variables or bootctl say so), although GRUB's files are present too: the loader entries are what counts."
                    : "systemd-boot booted this host (its EFI variables or bootctl say so).");
        }
        if (bootImage && grubInstalled)
            return Result(BootLoaderKind.Grub, GrubFiles(), grubBls ? "GRUB booted this host (BOOT_IMAGE=) with BLS entries (GRUB_ENABLE_BLSCFG=true)." : "GRUB booted this host (BOOT_IMAGE= on the running command line).");
        if (ukiBuilder != UkiBuilder.None && (!grubInstalled || grubConfigs.Count == 0))
            return Result(BootLoaderKind.UnifiedKernelImage, ukiFiles, "unified kernel images are built here and no GRUB configuration boots the kernels: the command line is inside the image.");
        if (grubInstalled && grubConfigs.Count > 0)
        {
            if (linuxEntries.Count > 0 && !grubBls)
                evidence.Add(new BootEvidence("decision", "loader entries are present too, but GRUB is configured and generated; without EFI variables saying systemd-boot booted, GRUB is taken"));
            return Result(BootLoaderKind.Grub, GrubFiles(), grubBls
                ? "GRUB is configured and generated, with GRUB_ENABLE_BLSCFG=true: the loader entries in /boot/loader/entries are GRUB's BLS entries, not systemd-boot's."
                : "GRUB is configured and its grub.cfg is generated.");
        }
        if (linuxEntries.Count > 0 && (loaderConf is not null || !grubInstalled))
        {
            return Result(BootLoaderKind.SystemdBoot, EntryFiles(), grubInstalled
                ? "systemd-boot's loader entries are in the ESP and GRUB's settings exist but no grub.cfg was generated: systemd-boot boots this host."
                : "systemd-boot's loader entries are in the ESP.");
        }
        if (refind.Count > 0) return Result(BootLoaderKind.Refind, refind, "rEFInd's refind_linux.conf holds the options for the kernels next to it.");
        if (limine.Count > 0) return Result(BootLoaderKind.Limine, limine, "a Limine configuration holds the kernels' command lines.");
        if (grubInstalled) return Result(BootLoaderKind.Grub, GrubFiles(), "GRUB's settings are present (no generated grub.cfg was found to confirm it boots).");
        if (syslinux.Count > 0) return Result(BootLoaderKind.Syslinux, syslinux, "syslinux/extlinux boots this host.");
        return Result(BootLoaderKind.Unknown, [], "no boot loader configuration was recognised.");
    }

    /// <summary>An EFI variable as efivarfs shows it: 4 bytes of attributes, then UTF-16LE text ending in NUL.</summary>
    public static string? ReadEfiString(HostRoot root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        var bytes = root.TryReadBytes(path, 4096);
        if (bytes is null || bytes.Length < 6) return null;
        var text = Encoding.Unicode.GetString(bytes, 4, (bytes.Length - 4) & ~1);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        text = (nul < 0 ? text : text[..nul]).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The product and the current/default entry id from <c>bootctl status</c>.</summary>
    public static (string? Product, string? Entry) ParseBootctl(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        string? product = null, current = null, defaultId = null;
        var section = "";
        foreach (var raw in status.Split('\n'))
        {
            if (raw.Length > 0 && !char.IsWhiteSpace(raw[0]))
            {
                section = raw.Trim();
                if (section.StartsWith("Current Entry:", StringComparison.Ordinal)) current = section["Current Entry:".Length..].Trim();
                continue;
            }
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (section.StartsWith("Current Boot Loader", StringComparison.Ordinal) && key == "Product") product = value;
            else if (key == "Current Entry") current = value;
            else if (section.StartsWith("Default Boot Loader Entry", StringComparison.Ordinal) && key == "id") defaultId = value;
        }
        if (product is "n/a" or "") product = null;
        return (product, current ?? defaultId);
    }

    /// <summary>loader.conf's <c>default</c> pattern, or null (also for @saved, which only the EFI variable resolves).</summary>
    public static string? LoaderConfDefault(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? value = null;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Trim().Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "default") value = parts[1].Trim();
        }
        return value is null || value.StartsWith('@') ? null : value;
    }

    /// <summary>The entry a loader.conf default names: with or without ".conf", with * and ? globs; the highest-sorting match wins, as in systemd-boot.</summary>
    public static ConfigFile? MatchEntry(IEnumerable<ConfigFile> entries, string pattern)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(pattern);
        var id = pattern.EndsWith(".conf", StringComparison.Ordinal) ? pattern[..^5] : pattern;
        return entries
            .Where(e => Glob(id, EntryId(e.Path)) || Glob(pattern, System.IO.Path.GetFileName(e.Path)))
            .OrderByDescending(e => System.IO.Path.GetFileName(e.Path), StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static bool IsLinuxEntry(ConfigFile entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Text is not { } text) return false;
        return TextLine.Split(text).Any(l => LoaderEntryEditor.Key(text, l).Name == "linux");
    }

    private static string EntryId(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.EndsWith(".conf", StringComparison.Ordinal) ? name[..^5] : name;
    }

    private static bool Glob(string pattern, string text)
    {
        var p = 0;
        var t = 0;
        int star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static List<string> GrubConfigs(HostRoot root, List<string> looked)
    {
        var found = new List<string>();
        foreach (var path in new[] { "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg" })
        {
            looked.Add(path);
            if (HostFiles.FileExists(root, path)) found.Add(path);
        }
        found.AddRange(EspFiles(root, "EFI", "grub.cfg", looked, nested: true));
        return found;
    }

    /// <summary>Files ending in <paramref name="suffix"/> in a directory of each ESP mount point (one level deeper with <paramref name="nested"/>).</summary>
    private static List<string> EspFiles(HostRoot root, string directory, string suffix, List<string> looked, bool nested = false)
    {
        var found = new List<string>();
        foreach (var mount in EspMountPoints)
        {
            var dir = $"{mount}/{directory}";
            looked.Add($"{dir}/{(nested ? "*/" : "")}*{suffix}");
            var dirs = nested ? root.ListNames(dir).Select(n => $"{dir}/{n}").ToList() : [dir];
            foreach (var d in dirs)
            {
                foreach (var name in root.ListNames(d).Where(n => n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
                {
                    var path = $"{d}/{name}";
                    if (HostFiles.FileExists(root, path) && !found.Contains(path)) found.Add(path);
                }
            }
        }
        return found;
    }

    private static (List<ConfigFile> Entries, ConfigFile? LoaderConf) LoaderEntries(HostRoot root, List<string> looked)
    {
        var entries = new List<ConfigFile>();
        ConfigFile? loaderConf = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mount in EspMountPoints)
        {
            var conf = $"{mount}/loader/loader.conf";
            looked.Add(conf);
            if (loaderConf is null && root.TryReadText(conf) is { } text) loaderConf = new ConfigFile(conf, text);
            var dir = $"{mount}/loader/entries";
            looked.Add($"{dir}/*.conf");
            foreach (var name in root.ListNames(dir).Where(n => n.EndsWith(".conf", StringComparison.Ordinal)))
            {
                var path = $"{dir}/{name}";
                // /boot/efi and /efi can be the same ESP through a symlink: count each entry once.
                string resolved;
                try
                {
                    resolved = root.Resolve(path);
                }
                catch (HostPathEscapesRootException)
                {
                    continue;
                }
                if (!seen.Add(resolved)) continue;
                if (root.TryReadText(path) is { } entry) entries.Add(new ConfigFile(path, entry));
            }
        }
        return (entries, loaderConf);
    }

    private static List<string> RefindFiles(HostRoot root, List<string> looked)
    {
        looked.Add("/boot/refind_linux.conf");
        var found = HostFiles.FileExists(root, "/boot/refind_linux.conf") ? new List<string> { "/boot/refind_linux.conf" } : [];
        found.AddRange(EspFiles(root, "EFI", "refind_linux.conf", looked, nested: true));
        return found;
    }

    private static List<string> LimineFiles(HostRoot root, List<string> looked)
    {
        var candidates = new List<string> { "/boot/limine.conf", "/boot/limine.cfg", "/boot/limine/limine.conf", "/boot/limine/limine.cfg", "/limine.conf" };
        foreach (var mount in EspMountPoints)
        {
            candidates.Add($"{mount}/limine.conf");
            candidates.Add($"{mount}/limine/limine.conf");
            candidates.Add($"{mount}/EFI/BOOT/limine.conf");
            candidates.Add($"{mount}/EFI/limine/limine.conf");
            candidates.Add($"{mount}/EFI/BOOT/limine.cfg");
        }
        var found = new List<string>();
        foreach (var path in candidates.Distinct(StringComparer.Ordinal))
        {
            looked.Add(path);
            if (HostFiles.FileExists(root, path)) found.Add(path);
        }
        return found;
    }

    /// <summary>How unified kernel images are built here, and the files their command line comes from.</summary>
    private static (UkiBuilder Builder, List<string> Files) UkiConfiguration(HostRoot root, List<BootEvidence> evidence, List<string> looked)
    {
        var sources = UkiCommandLineSources.Find(root, looked);
        foreach (var e in sources.Evidence) evidence.Add(e);
        return (sources.Builder, sources.Groups.SelectMany(g => g).Distinct(StringComparer.Ordinal).ToList());
    }
}
