using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Steps;

/// <summary>
/// The kernel's random id of the current boot (<c>proc/sys/kernel/random/boot_id</c>), new at every boot: a change
/// set recorded with one id and seen with another has been through a reboot.
/// </summary>
public static class BootId
{
    public const string Path = "proc/sys/kernel/random/boot_id";

    /// <summary>The id, or null when the file is missing (a copy of a host without it, or no procfs).</summary>
    public static string? Read(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = root.TryReadText(Path)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
