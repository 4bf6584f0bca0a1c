using System.Text.Json;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// Finds the host's OVMF builds the way libvirt does: through QEMU's firmware descriptors (JSON files in
/// <c>usr/share/qemu/firmware</c>, overridden by name from <c>etc/qemu/firmware</c>; an empty file there hides one),
/// which name the code and variable files and say what each build can do. Hosts whose package ships no descriptors
/// are covered by the paths Debian, Fedora and Arch are known to install.
/// </summary>
public static class OvmfFirmwareFinder
{
    private static readonly string[] DescriptorDirectories = ["usr/share/qemu/firmware", "etc/qemu/firmware"];

    /// <summary>Known builds by distribution, best first within each: (code, vars, secure boot, keys enrolled).</summary>
    private static readonly (string Code, string Vars, bool Secure, bool Enrolled)[] KnownPaths =
    [
        // Debian and Ubuntu (package ovmf): 4 MiB builds, then the older 2 MiB ones.
        ("/usr/share/OVMF/OVMF_CODE_4M.ms.fd", "/usr/share/OVMF/OVMF_VARS_4M.ms.fd", true, true),
        ("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd", true, false),
        ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd", false, false),
        ("/usr/share/OVMF/OVMF_CODE.secboot.fd", "/usr/share/OVMF/OVMF_VARS.ms.fd", true, true),
        ("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd", false, false),
        // Fedora (edk2-ovmf).
        ("/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd", "/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd", true, true),
        ("/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd", false, false),
        // Arch (edk2-ovmf): current 4 MiB layout, then the older directory.
        ("/usr/share/edk2/x64/OVMF_CODE.secboot.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd", true, false),
        ("/usr/share/edk2/x64/OVMF_CODE.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd", false, false),
        ("/usr/share/edk2-ovmf/x64/OVMF_CODE.secboot.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd", true, false),
        ("/usr/share/edk2-ovmf/x64/OVMF_CODE.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd", false, false),
    ];

    /// <summary>
    /// Every usable build whose files exist under the root: from the descriptors in their priority order (file name
    /// order), or, when no descriptor names a usable build, from the known paths. <paramref name="problems"/> gets
    /// descriptors that could not be read.
    /// </summary>
    public static IReadOnlyList<OvmfFirmware> FindAll(HostRoot root, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(problems);
        var fromDescriptors = new List<OvmfFirmware>();
        foreach (var path in DescriptorPaths(root))
        {
            var firmware = ReadDescriptor(root, path, problems);
            if (firmware is not null && root.FileExists(firmware.CodePath) && root.FileExists(firmware.VarsTemplatePath))
                fromDescriptors.Add(firmware);
        }
        if (fromDescriptors.Count > 0) return fromDescriptors;

        return KnownPaths
            .Where(k => root.FileExists(k.Code) && root.FileExists(k.Vars))
            .Select(k => new OvmfFirmware
            {
                CodePath = k.Code,
                VarsTemplatePath = k.Vars,
                SecureBoot = k.Secure,
                EnrolledKeys = k.Enrolled,
                RequiresSmm = k.Secure,
                Source = "known path (no QEMU firmware descriptor names it)",
            })
            .ToList();
    }

    /// <summary>
    /// The build for the guest: Windows 11 wants Secure Boot with Microsoft's keys enrolled (then Secure Boot without
    /// enrolled keys); Windows 10 takes the plain build (then any). Null when the host has no OVMF at all.
    /// </summary>
    public static OvmfFirmware? Choose(IReadOnlyList<OvmfFirmware> builds, bool secureBoot)
    {
        ArgumentNullException.ThrowIfNull(builds);
        var first = builds.Count > 0 ? builds[0] : null;
        return secureBoot
            ? builds.FirstOrDefault(b => b.SecureBoot && b.EnrolledKeys) ?? builds.FirstOrDefault(b => b.SecureBoot) ?? first
            : builds.FirstOrDefault(b => !b.SecureBoot) ?? first;
    }

    /// <summary>Descriptor files by name, a file in etc replacing the one of the same name in usr/share, sorted by name (the priority QEMU's spec gives).</summary>
    private static List<string> DescriptorPaths(HostRoot root)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in DescriptorDirectories)
        {
            foreach (var name in root.ListNames(directory))
            {
                if (name.EndsWith(".json", StringComparison.Ordinal)) byName[name] = $"{directory}/{name}";
            }
        }
        return byName.Values.ToList();
    }

    private static OvmfFirmware? ReadDescriptor(HostRoot root, string path, List<string> problems)
    {
        var text = root.TryReadText(path);
        if (string.IsNullOrWhiteSpace(text)) return null; // an empty file masks a descriptor of the same name
        try
        {
            using var json = JsonDocument.Parse(text);
            var top = json.RootElement;
            if (!Strings(top, "interface-types").Contains("uefi")) return null;
            if (!Targets(top)) return null;
            if (!top.TryGetProperty("mapping", out var mapping) || mapping.ValueKind != JsonValueKind.Object) return null;
            if (String(mapping, "device") != "flash") return null;
            // Stateless and combined builds have no separate variable store for libvirt to copy.
            if (String(mapping, "mode") is { } mode && mode != "split") return null;
            var code = File(mapping, "executable");
            var vars = File(mapping, "nvram-template");
            if (code is null || vars is null) return null;
            // QEMU reads qcow2 flash, but libvirt before 9.2 cannot say so; every distribution ships raw builds too.
            if (code.Value.Format != "raw" || vars.Value.Format != "raw") return null;
            var features = Strings(top, "features");
            // Builds for confidential guests (TDX, SEV-SNP) do not boot an ordinary VM.
            if (features.Contains("intel-tdx") || features.Contains("amd-sev-snp")) return null;
            return new OvmfFirmware
            {
                CodePath = code.Value.Path,
                VarsTemplatePath = vars.Value.Path,
                SecureBoot = features.Contains("secure-boot"),
                EnrolledKeys = features.Contains("enrolled-keys"),
                RequiresSmm = features.Contains("requires-smm"),
                Source = "/" + path,
            };
        }
        catch (JsonException e)
        {
            problems.Add($"The QEMU firmware descriptor /{path} is not valid JSON ({e.Message}); it was skipped.");
            return null;
        }
    }

    private static bool Targets(JsonElement top)
    {
        if (!top.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array) return false;
        foreach (var target in targets.EnumerateArray())
        {
            if (target.ValueKind != JsonValueKind.Object || String(target, "architecture") != "x86_64") continue;
            if (Strings(target, "machines").Any(MachineMatchesQ35)) return true;
        }
        return false;
    }

    /// <summary>Machine patterns are globs (<c>pc-q35-*</c>); the VM's machine is q35, which libvirt expands to pc-q35-VERSION.</summary>
    private static bool MachineMatchesQ35(string pattern) =>
        pattern.EndsWith('*') ? "pc-q35-".StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == "q35";

    private static (string Path, string Format)? File(JsonElement mapping, string name)
    {
        if (!mapping.TryGetProperty(name, out var file) || file.ValueKind != JsonValueKind.Object) return null;
        var path = String(file, "filename");
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/')) return null;
        return (path, String(file, "format") ?? "raw");
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HashSet<string> Strings(JsonElement element, string name)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array) return set;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } text) set.Add(text);
        }
        return set;
    }
}
