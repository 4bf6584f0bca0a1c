using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>A <see cref="TemporaryHostRoot"/> with the writes the boot-loader fixtures need.</summary>
internal sealed class FixtureRoot : IDisposable
{
    private readonly TemporaryHostRoot _host = new();

    public HostRoot Root => _host.Root;

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

    /// <summary>Writes each file's After (the change engine itself is exercised in the corpus apply/rollback tests).</summary>
    public void Apply(IEnumerable<FileChange> files)
    {
        foreach (var file in files) Root.WriteText(file.Path, file.After);
    }

    public string MachinePath(string hostPath) => Root.Resolve(hostPath);

    public void Dispose() => _host.Dispose();
}
