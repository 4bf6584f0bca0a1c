namespace PassthroughWeb.Core.Host;

/// <summary>
/// The one place where the engine touches the host's files. Every path is taken relative to the root
/// (default <c>/</c>), so pointing the root at a copy of a host makes the whole engine work on the copy.
/// <c>..</c> that climbs above the root and symlinks that lead outside it are refused, never followed.
/// </summary>
public sealed class HostRoot
{
    private const int MaxSymlinkHops = 40;
    private readonly string _root;

    public HostRoot(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var full = System.IO.Path.GetFullPath(rootDirectory);
        _root = full.Length > 1 ? full.TrimEnd('/') : full;
        if (!Directory.Exists(_root))
            throw new DirectoryNotFoundException($"The host root '{rootDirectory}' is not a directory.");
    }

    public static HostRoot Default { get; } = new("/");

    /// <summary>The root as an absolute directory path, without a trailing slash (except <c>/</c>).</summary>
    public string Path => _root;

    public bool IsSystemRoot => _root == "/";

    /// <summary>
    /// Turns a host path (<c>/etc/default/grub</c> or <c>etc/default/grub</c>) into a path on this machine,
    /// following symlinks under the root's rules. The last component may be missing (for writes).
    /// </summary>
    public string Resolve(string hostPath)
    {
        var components = Normalize(hostPath, hostPath);
        var resolved = new List<string>(components.Count + 4);
        var pending = new Stack<string>(Enumerable.Reverse(components));
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count == 0) throw new HostPathEscapesRootException(hostPath, "'..' climbs above the host root.");
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(part);
            var onDisk = Join(resolved);
            var target = new FileInfo(onDisk).LinkTarget;
            if (target is null) continue;
            if (++hops > MaxSymlinkHops) throw new HostPathEscapesRootException(hostPath, "too many levels of symbolic links.");
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
            {
                // An absolute link inside a copied host means nothing on this machine unless it stays under the root.
                if (_root != "/" && !target.StartsWith(_root + "/", StringComparison.Ordinal) && target != _root)
                    throw new HostPathEscapesRootException(hostPath, $"the symlink '{ToHostPath(onDisk)}' points outside the host root, to '{target}'.");
                resolved.Clear();
                target = _root == "/" ? target : target[_root.Length..];
            }
            foreach (var piece in Normalize(target, hostPath).AsEnumerable().Reverse())
                pending.Push(piece);
        }
        return Join(resolved);
    }

    /// <summary>
    /// <see cref="Resolve"/> for paths that come from people or files: a path that leads outside the root (<c>..</c>
    /// above it, a symlink out of it, a NUL) is refused with the reason, as a value, instead of an exception.
    /// </summary>
    public bool TryResolve(string hostPath, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? machinePath, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        try
        {
            machinePath = Resolve(hostPath);
            refusal = null;
            return true;
        }
        catch (HostPathEscapesRootException e)
        {
            machinePath = null;
            refusal = e.Message;
            return false;
        }
    }

    /// <summary>The host path (<c>/etc/…</c>) of a path on this machine under the root.</summary>
    public string ToHostPath(string machinePath)
    {
        if (_root == "/") return machinePath;
        return machinePath.StartsWith(_root, StringComparison.Ordinal) ? "/" + machinePath[_root.Length..].TrimStart('/') : machinePath;
    }

    /// <summary>Whether a path on this machine lies under the root.</summary>
    public bool Contains(string machinePath) =>
        _root == "/" || machinePath == _root || machinePath.StartsWith(_root + "/", StringComparison.Ordinal);

    public bool FileExists(string hostPath) => File.Exists(Resolve(hostPath));

    /// <summary>When the file last changed and its length, or null when it is missing: enough to know a cached parse is still good.</summary>
    public (DateTime Modified, long Length)? TryGetFileStamp(string hostPath)
    {
        try
        {
            var info = new FileInfo(Resolve(hostPath));
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        }
        catch (HostPathEscapesRootException)
        {
            return null;
        }
    }

    public bool DirectoryExists(string hostPath) => Directory.Exists(Resolve(hostPath));

    /// <summary>The permission bits of a file or directory, or null when it is missing (or the platform has none).</summary>
    public UnixFileMode? TryGetUnixMode(string hostPath)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            var path = Resolve(hostPath);
            return File.Exists(path) || Directory.Exists(path) ? File.GetUnixFileMode(path) : null;
        }
        catch (HostPathEscapesRootException)
        {
            return null;
        }
    }

    /// <summary>The file's text, or null when it does not exist or cannot be read (sysfs files can refuse reads).</summary>
    public string? TryReadText(string hostPath)
    {
        try
        {
            var path = Resolve(hostPath);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public byte[]? TryReadBytes(string hostPath, int maxBytes)
    {
        try
        {
            var path = Resolve(hostPath);
            if (!File.Exists(path)) return null;
            using var stream = File.OpenRead(path);
            var buffer = new byte[maxBytes];
            var total = 0;
            int read;
            while (total < maxBytes && (read = stream.Read(buffer, total, maxBytes - total)) > 0) total += read;
            return buffer[..total];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Names of the entries in a directory (files, directories and links), sorted ordinally; empty when it is missing.</summary>
    public IReadOnlyList<string> ListNames(string hostPath)
    {
        string path;
        try
        {
            path = Resolve(hostPath);
        }
        catch (HostPathEscapesRootException)
        {
            return [];
        }
        var names = LibC.ReadDirectoryNames(path);
        if (names is null) return [];
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// The last component of where a symlink points (<c>driver</c> → <c>amdgpu</c>), checked the way the kernel
    /// would: a link whose target does not exist under the root is reported as dangling.
    /// </summary>
    public SymlinkTarget ReadSymlink(string hostPath)
    {
        var components = Normalize(hostPath, hostPath);
        if (components.Count == 0) return SymlinkTarget.Missing;
        var parent = Resolve(string.Join('/', components.Take(components.Count - 1)));
        var linkPath = System.IO.Path.Combine(parent, components[^1]);
        var info = new FileInfo(linkPath);
        var target = info.LinkTarget;
        if (target is null)
            return info.Exists || Directory.Exists(linkPath) ? SymlinkTarget.NotALink : SymlinkTarget.Missing;
        var name = System.IO.Path.GetFileName(target.TrimEnd('/'));
        try
        {
            var resolved = Resolve(ToHostPath(linkPath));
            return Directory.Exists(resolved) || File.Exists(resolved)
                ? new SymlinkTarget(SymlinkState.Present, name)
                : new SymlinkTarget(SymlinkState.Dangling, name);
        }
        catch (HostPathEscapesRootException)
        {
            return new SymlinkTarget(SymlinkState.Escapes, name);
        }
    }

    /// <summary>
    /// A directory resolved once, whose direct children are then read without resolving the whole path again
    /// (a scan reads a dozen attributes of each of hundreds of devices).
    /// </summary>
    public HostDirectory OpenDirectory(string hostPath) => new(this, hostPath, Resolve(hostPath));

    /// <summary>Creates the directory and its parents under the root.</summary>
    public void CreateDirectory(string hostPath) => Directory.CreateDirectory(Resolve(hostPath));

    /// <summary>Writes a file under the root (creating its directory). Used to build host trees; changes to a host go through the change engine.</summary>
    public void WriteText(string hostPath, string content)
    {
        var path = Resolve(hostPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void WriteBytes(string hostPath, byte[] content)
    {
        var path = Resolve(hostPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>Creates a symlink at <paramref name="hostPath"/> whose target is taken literally (relative targets, as sysfs uses).</summary>
    public void CreateSymlink(string hostPath, string target)
    {
        var path = Resolve(hostPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private string Join(List<string> components) =>
        components.Count == 0 ? _root : (_root == "/" ? "/" : _root + "/") + string.Join('/', components);

    private static List<string> Normalize(string path, string original)
    {
        if (path.Contains('\0', StringComparison.Ordinal)) throw new HostPathEscapesRootException(original, "the path contains a NUL character.");
        var result = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            result.Add(part);
        }
        return result;
    }
}
