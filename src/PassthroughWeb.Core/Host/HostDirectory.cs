namespace PassthroughWeb.Core.Host;

/// <summary>A directory under a host root, resolved once. Children that are symlinks are still checked against the root.</summary>
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

    /// <summary>The text of a direct child, or null when it is missing or unreadable.</summary>
    public string? TryReadText(string name)
    {
        var path = MachinePath + "/" + name;
        try
        {
            // Checked first, without exceptions: a scan asks for many files that most devices lack (boot_vga, reset_method).
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0) return _root.TryReadText(HostPath + "/" + name);
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> buffer = stackalloc byte[4096];
            var read = RandomAccess.Read(handle, buffer, 0);
            return read < buffer.Length ? System.Text.Encoding.UTF8.GetString(buffer[..read]) : File.ReadAllText(path);
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

    /// <summary>
    /// Where a child symlink points. Relative targets (all of sysfs) are followed lexically from this directory,
    /// which is both what the kernel means and much cheaper than resolving every component again.
    /// </summary>
    public SymlinkTarget ReadSymlink(string name)
    {
        var path = MachinePath + "/" + name;
        string? target;
        try
        {
            target = new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return SymlinkTarget.Missing;
        }
        if (target is null) return Directory.Exists(path) || File.Exists(path) ? SymlinkTarget.NotALink : SymlinkTarget.Missing;
        if (target.StartsWith('/')) return _root.ReadSymlink(HostPath + "/" + name);
        var targetName = Path.GetFileName(target.TrimEnd('/'));
        var full = Path.GetFullPath(Path.Combine(MachinePath, target));
        if (!_root.Contains(full)) return new SymlinkTarget(SymlinkState.Escapes, targetName);
        return Directory.Exists(full) || File.Exists(full)
            ? new SymlinkTarget(SymlinkState.Present, targetName)
            : new SymlinkTarget(SymlinkState.Dangling, targetName);
    }

    public byte[]? TryReadBytes(string name, int maxBytes) => _root.TryReadBytes(HostPath + "/" + name, maxBytes);

}
