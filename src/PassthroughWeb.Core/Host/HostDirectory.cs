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
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) return _root.TryReadText(HostPath + "/" + name);
            return info.Exists ? File.ReadAllText(path) : null;
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

    public byte[]? TryReadBytes(string name, int maxBytes) => _root.TryReadBytes(HostPath + "/" + name, maxBytes);

    public SymlinkTarget ReadSymlink(string name) => _root.ReadSymlink(HostPath + "/" + name);
}
