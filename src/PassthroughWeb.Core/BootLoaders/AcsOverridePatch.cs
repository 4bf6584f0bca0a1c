using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Whether the kernel carries the out-of-tree ACS override patch. Nothing in sysfs says so; the kernels that ship it
/// are known by their release names, so that is what is checked.
/// </summary>
public static class AcsOverridePatch
{
    /// <summary>Release-name markers of kernels that ship the patch: linux-zen, Proxmox VE (pve), XanMod, Liquorix, and -acs builds.</summary>
    public static IReadOnlyList<string> KnownMarkers { get; } = ["zen", "pve", "xanmod", "liquorix", "lqx", "acs"];

    public static bool Carries(string kernelRelease)
    {
        ArgumentNullException.ThrowIfNull(kernelRelease);
        var parts = kernelRelease.ToLowerInvariant().Split(['-', '.', '_', '+'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => KnownMarkers.Any(m => p == m || (p.StartsWith(m, StringComparison.Ordinal) && p[m.Length..].All(char.IsAsciiDigit))));
    }

    /// <summary>The running kernel's release (<c>proc/sys/kernel/osrelease</c>) carries the patch; unknown counts as no.</summary>
    public static bool RunningKernelCarries(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var release = root.TryReadText("proc/sys/kernel/osrelease")?.Trim();
        return !string.IsNullOrEmpty(release) && Carries(release);
    }
}
