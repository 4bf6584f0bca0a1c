namespace PassthroughWeb.Core.Host;

/// <summary>
/// A path on the host that someone typed (a ROM file, an ISO), checked before anything is looked up: it must be
/// absolute, hold no NUL, and never climb above the root with <c>..</c>. Symlinks that lead out of the root are found
/// when the path is resolved (<see cref="HostRoot.TryResolve"/>), where the root is known.
/// </summary>
public static class HostFilePath
{
    /// <summary>Why <paramref name="path"/> cannot name a file on the host, or null when it can; <paramref name="what"/> names the field.</summary>
    public static string? Problem(string? path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        if (string.IsNullOrWhiteSpace(path)) return $"{what} is empty: give the full path of a file on the host (for example /var/lib/libvirt/vbios/card.rom).";
        if (path.Contains('\0', StringComparison.Ordinal)) return $"{what} contains a NUL character, which no file name can hold.";
        if (!path.StartsWith('/')) return $"{what} '{path}' is not absolute: give the full path on the host, starting with '/' (for example /var/lib/libvirt/vbios/card.rom).";
        var depth = 0;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return $"{what} '{path}' climbs above the host's root with '..': give the path of a file on the host itself.";
        }
        return null;
    }
}
