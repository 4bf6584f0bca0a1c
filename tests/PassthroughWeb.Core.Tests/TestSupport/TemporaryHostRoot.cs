using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>An empty host root in a fresh temporary directory, deleted with everything in it on Dispose.</summary>
public sealed class TemporaryHostRoot : IDisposable
{
    public TemporaryHostRoot()
    {
        Path = Directory.CreateTempSubdirectory("passthroughweb-host-").FullName;
        Root = new HostRoot(Path);
    }

    public string Path { get; }
    public HostRoot Root { get; }

    /// <summary>The absolute path on this machine of a host path under the root.</summary>
    public string Combine(string hostPath) => System.IO.Path.Combine(Path, hostPath.TrimStart('/'));

    public void Dispose()
    {
        try
        {
            // Symlinks are removed, not followed, by a recursive delete.
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
