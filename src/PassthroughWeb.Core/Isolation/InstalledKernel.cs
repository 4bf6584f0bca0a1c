using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// One kernel under <c>lib/modules/VERSION</c>: its version, the modules it ships (from <c>modules.dep</c>), those
/// built into the kernel image (<c>modules.builtin</c>) and the device aliases that tell which module claims a
/// device (<c>modules.alias</c>). A directory without those files (a bare fixture) still gives its version.
/// </summary>
public sealed record InstalledKernel
{
    public const string ModulesPath = "lib/modules";

    /// <summary>The version directory name (<c>6.1.0-56-amd64</c>).</summary>
    public required string Version { get; init; }

    /// <summary>Major and minor number, or null when the name does not start with them.</summary>
    public Version? Release { get; init; }

    /// <summary>Loadable modules (normalised names); empty when <c>modules.dep</c> is missing.</summary>
    public required IReadOnlySet<string> Modules { get; init; }

    /// <summary>Modules built into the kernel image (normalised names).</summary>
    public required IReadOnlySet<string> Builtin { get; init; }

    /// <summary><c>modules.alias</c> lines for PCI devices: the modalias pattern and the module.</summary>
    public required IReadOnlyList<(string Pattern, string Module)> PciAliases { get; init; }

    /// <summary>Whether this kernel knows its modules (a real tree, not just a version directory).</summary>
    public bool HasModuleList => Modules.Count > 0 || Builtin.Count > 0;

    /// <summary>Kernels before 6.2 have vfio_virqfd as a module of its own; 6.2 folded it into vfio.</summary>
    public bool NeedsVfioVirqfd => Release is not null && Release < new Version(6, 2);

    public bool IsBuiltin(string module) => Builtin.Contains(ModuleNames.Normalize(module));

    public bool Knows(string module)
    {
        var name = ModuleNames.Normalize(module);
        return Modules.Contains(name) || Builtin.Contains(name);
    }

    /// <summary>Every kernel under <c>lib/modules</c> of the root, sorted by version.</summary>
    public static IReadOnlyList<InstalledKernel> LoadAll(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var kernels = new List<InstalledKernel>();
        foreach (var name in root.ListNames(ModulesPath))
        {
            var directory = ModulesPath + "/" + name;
            if (!root.DirectoryExists(directory)) continue;
            var release = ParseRelease(name);
            // Only version directories: lib/modules also holds things like "extramodules" on Arch.
            if (release is null && !root.FileExists(directory + "/modules.dep")) continue;
            kernels.Add(new InstalledKernel
            {
                Version = name,
                Release = release,
                Modules = ModuleList(root.TryReadText(directory + "/modules.dep"), dep: true),
                Builtin = ModuleList(root.TryReadText(directory + "/modules.builtin"), dep: false),
                PciAliases = Aliases(root.TryReadText(directory + "/modules.alias")),
            });
        }
        kernels.Sort((a, b) => (a.Release ?? new Version(0, 0)).CompareTo(b.Release ?? new Version(0, 0)));
        return kernels;
    }

    /// <summary>The modules whose alias patterns match a modalias string (<c>pci:v00001002d000073FF…</c>).</summary>
    public IReadOnlyList<string> ModulesFor(string modalias) =>
        PciAliases.Where(a => ModuleNames.Matches(a.Pattern, modalias)).Select(a => a.Module).Distinct(StringComparer.Ordinal).ToList();

    internal static Version? ParseRelease(string name)
    {
        var parts = name.Split('.', 3);
        if (parts.Length < 2) return null;
        var minorDigits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) &&
               int.TryParse(minorDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    private static HashSet<string> ModuleList(string? text, bool dep)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (text is null) return set;
        foreach (var raw in text.Split('\n'))
        {
            var path = dep ? raw.Split(':', 2)[0] : raw;
            path = path.Trim();
            if (path.Length == 0) continue;
            set.Add(NameFromPath(path));
        }
        return set;
    }

    private static string NameFromPath(string path)
    {
        var file = path[(path.LastIndexOf('/') + 1)..];
        var ko = file.IndexOf(".ko", StringComparison.Ordinal);
        return ModuleNames.Normalize(ko < 0 ? file : file[..ko]);
    }

    private static List<(string, string)> Aliases(string? text)
    {
        var list = new List<(string, string)>();
        if (text is null) return list;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("alias pci:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3) list.Add((parts[1], ModuleNames.Normalize(parts[2])));
        }
        return list;
    }
}
