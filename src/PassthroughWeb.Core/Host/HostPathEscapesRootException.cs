namespace PassthroughWeb.Core.Host;

/// <summary>A path, or a symlink on the way to it, leads outside the host root. Never followed.</summary>
public sealed class HostPathEscapesRootException(string path, string reason)
    : IOException($"Refused '{path}': {reason}")
{
    public string Path { get; } = path;
}
