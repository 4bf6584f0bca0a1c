using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The host's kernel the rehearsal boots: the running one (<c>proc/sys/kernel/osrelease</c>) when its image, config
/// and modules are installed, else the newest kernel that has all three. Paths are on this machine, under the root.
/// </summary>
public sealed record RehearsalKernel
{
    public required string Version { get; init; }

    /// <summary><c>boot/vmlinuz-VERSION</c> on this machine.</summary>
    public required string Image { get; init; }

    /// <summary><c>boot/config-VERSION</c> on this machine (mkinitramfs needs it).</summary>
    public required string Config { get; init; }

    /// <summary><c>lib/modules/VERSION</c> on this machine.</summary>
    public required string ModulesDirectory { get; init; }

    public required InstalledKernel Installed { get; init; }

    /// <summary>The kernel to boot, or null and the reason.</summary>
    public static RehearsalKernel? Find(HostRoot root, string? version, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(root);
        var kernels = InstalledKernel.LoadAll(root);
        if (kernels.Count == 0)
        {
            problem = "No kernel is installed under lib/modules: there is nothing to boot.";
            return null;
        }
        if (version is not null)
        {
            var chosen = kernels.FirstOrDefault(k => k.Version == version);
            if (chosen is null)
            {
                problem = $"Kernel {version} has no module tree under lib/modules (installed: {string.Join(", ", kernels.Select(k => k.Version))}).";
                return null;
            }
            return Complete(root, chosen, out problem);
        }
        var running = root.TryReadText("proc/sys/kernel/osrelease")?.Trim();
        var candidates = kernels.Reverse().ToList();
        var runningKernel = candidates.FirstOrDefault(k => k.Version == running);
        if (runningKernel is not null)
        {
            candidates.Remove(runningKernel);
            candidates.Insert(0, runningKernel);
        }
        var reasons = new List<string>();
        foreach (var kernel in candidates)
        {
            var found = Complete(root, kernel, out var reason);
            if (found is not null)
            {
                problem = null;
                return found;
            }
            reasons.Add(reason!);
        }
        problem = string.Join(" ", reasons);
        return null;
    }

    private static RehearsalKernel? Complete(HostRoot root, InstalledKernel kernel, out string? problem)
    {
        var image = "boot/vmlinuz-" + kernel.Version;
        var config = "boot/config-" + kernel.Version;
        var missing = new[] { image, config }.Where(p => !root.FileExists(p)).Select(p => "/" + p).ToList();
        if (missing.Count > 0)
        {
            problem = $"Kernel {kernel.Version} lacks {string.Join(" and ", missing)}.";
            return null;
        }
        problem = null;
        return new RehearsalKernel
        {
            Version = kernel.Version,
            Image = root.Resolve(image),
            Config = root.Resolve(config),
            ModulesDirectory = root.Resolve(kernel.ModulesDirectory),
            Installed = kernel,
        };
    }
}
