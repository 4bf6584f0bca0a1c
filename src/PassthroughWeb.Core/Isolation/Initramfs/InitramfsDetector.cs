using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// Finds which initramfs system builds a host's images, from its programs and configuration files under the host
/// root, and which kernels are installed (from their module trees).
/// </summary>
public static class InitramfsDetector
{
    private sealed record Signature(InitramfsSystem System, string[] Programs, string[] Configurations);

    // Programs are listed under both /usr/bin and /usr/sbin and the unmerged /bin and /sbin: distributions differ.
    private static readonly Signature[] Signatures =
    [
        new(InitramfsSystem.Mkinitcpio, ["usr/bin/mkinitcpio", "bin/mkinitcpio"], ["etc/mkinitcpio.conf", "etc/mkinitcpio.conf.d", "etc/mkinitcpio.d"]),
        new(InitramfsSystem.Dracut, ["usr/bin/dracut", "usr/sbin/dracut", "sbin/dracut"], ["etc/dracut.conf", "etc/dracut.conf.d"]),
        new(InitramfsSystem.InitramfsTools, ["usr/sbin/update-initramfs", "sbin/update-initramfs", "usr/sbin/mkinitramfs"], ["etc/initramfs-tools/initramfs.conf", "etc/initramfs-tools"]),
        new(InitramfsSystem.Booster, ["usr/bin/booster"], ["etc/booster.yaml"]),
    ];

    public static InitramfsDetection Detect(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var notes = new List<string>();
        var systems = new List<DetectedInitramfsSystem>();
        foreach (var signature in Signatures)
        {
            var detected = Probe(root, signature);
            if (detected is not null) systems.Add(detected);
        }

        // A program outweighs a leftover configuration directory; among equals keep the declared order.
        systems = [.. systems.OrderByDescending(Score)];
        DetectedInitramfsSystem? active = null;
        if (systems.Count == 1)
        {
            active = systems[0];
        }
        else if (systems.Count > 1)
        {
            var best = systems.Where(s => Score(s) == Score(systems[0])).ToList();
            if (best.Count == 1)
            {
                active = best[0];
                notes.Add($"Several initramfs systems are present ({string.Join(", ", systems.Select(s => Name(s.System)))}); {Name(active.System)} is taken as the one in use because it has both its program and its configuration.");
            }
            else
            {
                notes.Add($"Both {string.Join(" and ", best.Select(s => Name(s.System)))} are installed with their configuration: the one that builds this host's images cannot be told from the files alone. Choose it explicitly.");
            }
        }
        else
        {
            notes.Add("No initramfs system was found (no mkinitcpio, dracut, initramfs-tools or booster program or configuration).");
        }

        var kernels = FindKernels(root, notes);
        return new InitramfsDetection { Systems = systems, Active = active, Kernels = kernels, Notes = notes };
    }

    /// <summary>The kernels with a module tree under the root, oldest first; directories without modules are reported in <paramref name="notes"/>.</summary>
    public static IReadOnlyList<InstalledKernel> FindKernels(HostRoot root, List<string>? notes = null) => InstalledKernel.LoadAll(root, notes);

    public static string Name(InitramfsSystem system) => system switch
    {
        InitramfsSystem.Mkinitcpio => "mkinitcpio",
        InitramfsSystem.Dracut => "dracut",
        InitramfsSystem.InitramfsTools => "initramfs-tools",
        InitramfsSystem.Booster => "booster",
        _ => system.ToString(),
    };

    private static int Score(DetectedInitramfsSystem system) => (system.HasProgram ? 2 : 0) + (system.ConfigurationPaths.Count > 0 ? 1 : 0);

    private static DetectedInitramfsSystem? Probe(HostRoot root, Signature signature)
    {
        var evidence = new List<string>();
        string? program = null;
        foreach (var candidate in signature.Programs)
        {
            if (!SafeFileExists(root, candidate)) continue;
            program = "/" + candidate;
            evidence.Add($"{program} is installed.");
            break;
        }
        var configurations = new List<string>();
        foreach (var candidate in signature.Configurations)
        {
            if (SafeFileExists(root, candidate))
            {
                configurations.Add("/" + candidate);
                evidence.Add($"/{candidate} exists.");
            }
            else if (SafeDirectoryExists(root, candidate))
            {
                configurations.Add("/" + candidate);
                var entries = root.ListNames(candidate);
                evidence.Add(entries.Count == 0 ? $"/{candidate}/ exists (empty)." : $"/{candidate}/ exists ({entries.Count} entries).");
            }
        }
        if (program is null && configurations.Count == 0) return null;
        return new DetectedInitramfsSystem { System = signature.System, Program = program, ConfigurationPaths = configurations, Evidence = evidence };
    }

    private static bool SafeFileExists(HostRoot root, string path)
    {
        try
        {
            return root.FileExists(path);
        }
        catch (HostPathEscapesRootException)
        {
            return false;
        }
    }

    private static bool SafeDirectoryExists(HostRoot root, string path)
    {
        try
        {
            return root.DirectoryExists(path);
        }
        catch (HostPathEscapesRootException)
        {
            return false;
        }
    }
}
