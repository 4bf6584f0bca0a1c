using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// One kernel whose modules are installed under <c>lib/modules/VERSION</c> (or <c>usr/lib/modules</c>): its release,
/// the modules it ships (<c>modules.dep</c>), those built into the image (<c>modules.builtin</c>), the device aliases
/// that tell which module claims a device (<c>modules.alias</c>), and, on Arch, the package that names its images.
/// A tree without the module lists (a bare fixture with only <c>kernel/</c>) still gives its version.
/// </summary>
public sealed record InstalledKernel
{
    private static readonly string[] ModuleRoots = ["lib/modules", "usr/lib/modules"];

    /// <summary>The release as <c>uname -r</c> prints it: <c>6.1.0-56-amd64</c>, <c>6.12.4-arch1-1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The host path of its module tree (<c>/lib/modules/6.1.0-56-amd64</c>).</summary>
    public required string ModulesDirectory { get; init; }

    public required int Major { get; init; }
    public required int Minor { get; init; }

    /// <summary>Arch's package name for the kernel (<c>linux</c>, <c>linux-lts</c>) from its <c>pkgbase</c> file, which names its images.</summary>
    public string? PackageBase { get; init; }

    /// <summary>Loadable modules (normalised names); empty when <c>modules.dep</c> is missing.</summary>
    public IReadOnlySet<string> Modules { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Modules built into the kernel image (normalised names).</summary>
    public IReadOnlySet<string> Builtin { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>modules.alias</c> lines for PCI devices: the modalias pattern and the module.</summary>
    public IReadOnlyList<(string Pattern, string Module)> PciAliases { get; init; } = [];

    public Version Release => new(Major, Minor);

    /// <summary>Whether this kernel knows its modules (a real tree, not just a version directory).</summary>
    public bool HasModuleList => Modules.Count > 0 || Builtin.Count > 0;

    /// <summary>vfio_virqfd was folded into vfio in Linux 6.2; before that it is a module of its own.</summary>
    public bool HasSeparateVfioVirqfd => Major < 6 || (Major == 6 && Minor < 2);

    public bool IsBuiltin(string module) => Builtin.Contains(ModuleNames.Normalize(module));

    public bool Knows(string module)
    {
        var name = ModuleNames.Normalize(module);
        return Modules.Contains(name) || Builtin.Contains(name);
    }

    /// <summary>The modules whose alias patterns match a modalias string (<c>pci:v00001002d000073FF…</c>).</summary>
    public IReadOnlyList<string> ModulesFor(string modalias) =>
        PciAliases.Where(a => ModuleNames.Matches(a.Pattern, modalias)).Select(a => a.Module).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every kernel with a module tree under the root, oldest first. A directory holding no <c>modules.dep</c>,
    /// <c>kernel/</c> or <c>vmlinuz</c> (what DKMS leaves behind of a removed kernel) or whose name is not a release is
    /// skipped, with a sentence in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<InstalledKernel> LoadAll(HostRoot root, List<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var byVersion = new Dictionary<string, InstalledKernel>(StringComparer.Ordinal);
        foreach (var modulesRoot in ModuleRoots)
        {
            foreach (var version in root.ListNames(modulesRoot))
            {
                if (byVersion.ContainsKey(version)) continue;
                var directory = "/" + modulesRoot + "/" + version;
                if (!Exists(root, directory, directory: true)) continue;
                if (!Exists(root, directory + "/modules.dep", directory: false) && !Exists(root, directory + "/kernel", directory: true) && !Exists(root, directory + "/vmlinuz", directory: false))
                {
                    notes?.Add($"{directory} has no modules.dep, kernel/ or vmlinuz: a leftover of a removed kernel, ignored.");
                    continue;
                }
                if (ParseRelease(version) is not { } release)
                {
                    notes?.Add($"{directory}: '{version}' is not a kernel release (MAJOR.MINOR…), ignored.");
                    continue;
                }
                var packageBase = root.TryReadText(directory + "/pkgbase")?.Trim();
                byVersion[version] = new InstalledKernel
                {
                    Version = version,
                    ModulesDirectory = directory,
                    Major = release.Major,
                    Minor = release.Minor,
                    PackageBase = string.IsNullOrEmpty(packageBase) ? null : packageBase,
                    Modules = ModuleList(root.TryReadText(directory + "/modules.dep"), dep: true),
                    Builtin = ModuleList(root.TryReadText(directory + "/modules.builtin"), dep: false),
                    PciAliases = Aliases(root.TryReadText(directory + "/modules.alias")),
                };
            }
        }
        return [.. byVersion.Values.OrderBy(k => k.Major).ThenBy(k => k.Minor).ThenBy(k => k.Version, StringComparer.Ordinal)];
    }

    /// <summary>Reads <c>MAJOR.MINOR</c> from the front of a release string; null when it does not start that way.</summary>
    public static (int Major, int Minor)? ParseRelease(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var parts = version.Split('.', 3);
        if (parts.Length < 2) return null;
        var minorDigits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
               && int.TryParse(minorDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    private static bool Exists(HostRoot root, string path, bool directory)
    {
        try
        {
            return directory ? root.DirectoryExists(path) : root.FileExists(path);
        }
        catch (HostPathEscapesRootException)
        {
            return false;
        }
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
