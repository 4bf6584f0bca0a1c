namespace PassthroughWeb.Core.Host;

/// <summary>
/// A private temporary directory on this machine (never under a host root) for work that must not touch the host:
/// the rehearsal's image, its copies of the host's configuration and QEMU's console log. Everything in it is
/// removed on <see cref="Dispose"/>, whatever happened; symlinks inside are removed, never followed.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private ScratchDirectory(string path)
    {
        Path = path;
        Root = new HostRoot(path);
    }

    /// <summary>The directory's absolute path on this machine.</summary>
    public string Path { get; }

    /// <summary>The directory as a root, to read and write inside it with the usual host-path rules.</summary>
    public HostRoot Root { get; }

    public static ScratchDirectory Create(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Scratch directories are made on Linux only.");
        var directory = Directory.CreateTempSubdirectory(prefix);
        File.SetUnixFileMode(directory.FullName, DirectoryMode);
        return new ScratchDirectory(directory.FullName);
    }

    /// <summary>The absolute path on this machine of a path inside the directory.</summary>
    public string PathOf(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    public bool Exists(string relative) => File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative));

    /// <summary>
    /// Writes a file inside the directory (creating its parents). Without <paramref name="mode"/> a file that is there
    /// keeps its permission bits and a new one gets rw-r--r--.
    /// </summary>
    public string WriteFile(string relative, string content, UnixFileMode? mode = null)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Scratch directories are made on Linux only.");
        var path = Root.Resolve(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var existing = File.Exists(path) ? File.GetUnixFileMode(path) : (UnixFileMode?)null;
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode ?? existing ?? HostFiles.DefaultMode);
        return path;
    }

    public string WriteBytes(string relative, byte[] content)
    {
        var path = Root.Resolve(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string CreateDirectory(string relative) => Directory.CreateDirectory(Root.Resolve(relative)).FullName;

    public void Delete(string relative)
    {
        var path = Root.Resolve(relative);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>
    /// Copies a directory of a host (its files, subdirectories and symlinks as links, modes kept) into the scratch
    /// directory. A missing source copies nothing and returns false.
    /// </summary>
    public bool CopyFromHost(HostRoot host, string hostPath, string relative)
    {
        ArgumentNullException.ThrowIfNull(host);
        string source;
        try
        {
            source = host.Resolve(hostPath);
        }
        catch (HostPathEscapesRootException)
        {
            return false;
        }
        if (!Directory.Exists(source)) return false;
        CopyTree(source, CreateDirectory(relative));
        return true;
    }

    /// <summary>The size of a file inside the directory, or null when it is missing.</summary>
    public long? LengthOf(string relative)
    {
        var info = new FileInfo(PathOf(relative));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Reads what a running program has appended to a file so far, from <paramref name="offset"/> on.</summary>
    public string ReadFrom(string relative, long offset, out long next)
    {
        next = offset;
        var path = PathOf(relative);
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= offset) return "";
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - offset];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        // Stop at the last complete line so a line is never split between two reads.
        var end = Array.LastIndexOf(buffer, (byte)'\n', total - 1);
        if (end < 0) return "";
        next = offset + end + 1;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end + 1);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void CopyTree(string source, string destination)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Scratch directories are made on Linux only.");
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = System.IO.Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                Directory.CreateDirectory(target);
                File.SetUnixFileMode(target, directory.UnixFileMode);
                CopyTree(directory.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
