using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>A host root in a fresh temporary directory for boot-loader fixtures, deleted on Dispose.</summary>
internal sealed class FixtureRoot : IDisposable
{
    public FixtureRoot()
    {
        Path = Directory.CreateTempSubdirectory("passthroughweb-boot-").FullName;
        Root = new HostRoot(Path);
    }

    public string Path { get; }
    public HostRoot Root { get; }

    public FixtureRoot With(string hostPath, string text)
    {
        Root.WriteText(hostPath, text);
        return this;
    }

    public FixtureRoot WithBytes(string hostPath, byte[] bytes)
    {
        Root.WriteBytes(hostPath, bytes);
        return this;
    }

    public FixtureRoot WithDirectory(string hostPath)
    {
        Root.CreateDirectory(hostPath);
        return this;
    }

    /// <summary>Writes each file's After, as the change engine would.</summary>
    public void Apply(IEnumerable<FileChange> files)
    {
        foreach (var file in files) Root.WriteText(file.Path, file.After);
    }

    public string MachinePath(string hostPath) => Root.Resolve(hostPath);

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
}
