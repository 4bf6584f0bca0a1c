using System.Text;

namespace PassthroughWeb.Core.Host;

/// <summary>
/// A directory under a host root, resolved once; its children are then read with one system call or three, which
/// is what lets a scan of hundreds of devices stay fast. Children that are symlinks are still held to the root's
/// rules: relative links (all of sysfs) are followed lexically and must stay under the root; absolute ones go
/// through <see cref="HostRoot.Resolve"/>.
/// </summary>
public sealed class HostDirectory
{
    private readonly HostRoot _root;

    internal HostDirectory(HostRoot root, string hostPath, string machinePath)
    {
        _root = root;
        HostPath = hostPath.TrimEnd('/');
        MachinePath = machinePath;
    }

    public string HostPath { get; }
    public string MachinePath { get; }
    public bool Exists => Directory.Exists(MachinePath);

    /// <summary>The host path the directory resolved to, with its symlinks followed (<c>sys/bus/pci/devices/X</c> → <c>/sys/devices/pci0000:00/…/X</c>).</summary>
    public string ResolvedHostPath => _root.ToHostPath(MachinePath);

    /// <summary>The text of a direct child, or null when it is missing or unreadable.</summary>
    public string? TryReadText(string name)
    {
        var path = MachinePath + "/" + name;
        var read = LibC.ReadSmallFile(path, out var buffer, out var errno);
        if (read >= 0) return read < buffer.Length ? Encoding.UTF8.GetString(buffer, 0, read) : _root.TryReadText(HostPath + "/" + name);
        return errno == LibC.TooManySymlinks ? _root.TryReadText(HostPath + "/" + name) : null;
    }

    /// <summary>Up to <paramref name="maxBytes"/> (at most 4096) bytes of a direct child, or null.</summary>
    public byte[]? TryReadBytes(string name, int maxBytes)
    {
        var path = MachinePath + "/" + name;
        var read = LibC.ReadSmallFile(path, out var buffer, out var errno);
        if (read >= 0) return buffer[..Math.Min(read, maxBytes)];
        return errno == LibC.TooManySymlinks ? _root.TryReadBytes(HostPath + "/" + name, maxBytes) : null;
    }

    /// <summary>
    /// Where a child symlink points, and whether its target exists under the root. A caller reading the same kind
    /// of link on many devices (driver → bus/pci/drivers/amdgpu) may pass a cache of targets already checked.
    /// </summary>
    public SymlinkTarget ReadSymlink(string name, Dictionary<string, bool>? existsCache = null)
    {
        var path = MachinePath + "/" + name;
        var target = LibC.ReadLink(path, out var errno);
        if (target is null) return errno == LibC.InvalidArgument ? SymlinkTarget.NotALink : SymlinkTarget.Missing;
        var targetName = Path.GetFileName(target.TrimEnd('/'));
        if (target.StartsWith('/')) return _root.ReadSymlink(HostPath + "/" + name);
        var full = Path.GetFullPath(Path.Combine(MachinePath, target));
        if (!_root.Contains(full)) return new SymlinkTarget(SymlinkState.Escapes, targetName);
        bool exists;
        if (existsCache is null) exists = LibC.Exists(full);
        else if (!existsCache.TryGetValue(full, out exists)) existsCache[full] = exists = LibC.Exists(full);
        return exists
            ? new SymlinkTarget(SymlinkState.Present, targetName)
            : new SymlinkTarget(SymlinkState.Dangling, targetName);
    }

    /// <summary>
    /// A child directory, following the child if it is a symlink (as <c>sys/bus/pci/devices/*</c> are) without
    /// walking the whole path from the root again. A link leading outside the root is refused.
    /// </summary>
    public HostDirectory OpenChild(string name)
    {
        var path = MachinePath + "/" + name;
        var childHostPath = HostPath + "/" + name;
        var target = LibC.ReadLink(path, out _);
        if (target is null) return new HostDirectory(_root, childHostPath, path);
        if (target.StartsWith('/')) return _root.OpenDirectory(childHostPath);
        var full = Path.GetFullPath(Path.Combine(MachinePath, target));
        if (!_root.Contains(full))
            throw new HostPathEscapesRootException(childHostPath, $"the symlink points outside the host root, to '{target}'.");
        return new HostDirectory(_root, childHostPath, full);
    }

    /// <summary>Names of the entries (files, directories, links), sorted ordinally; empty when missing or unreadable.</summary>
    public IReadOnlyList<string> ListNames()
    {
        var names = LibC.ReadDirectoryNames(MachinePath);
        if (names is null) return [];
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
