using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

/// <summary>A host tree in a temporary directory: files are written into it and plans applied to it as the change engine would.</summary>
internal sealed class InitramfsTestRoot : IDisposable
{
    public InitramfsTestRoot()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pw-initramfs-").FullName;
        Root = new HostRoot(Directory);
    }

    public string Directory { get; }
    public HostRoot Root { get; }

    public string PathOf(string hostPath) => Root.Resolve(hostPath);

    public void Write(string hostPath, string content) => Root.WriteText(hostPath, content);

    public string? Read(string hostPath) => Root.TryReadText(hostPath);

    /// <summary>Writes every file of the plan after checking it still holds what the plan was made against.</summary>
    public void Apply(ChangePlan plan)
    {
        foreach (var change in plan.Files)
        {
            Assert.Equal(change.Before, Root.TryReadText(change.Path));
            Root.WriteText(change.Path, change.After);
            if (change.Mode is { } mode && !OperatingSystem.IsWindows()) File.SetUnixFileMode(Root.Resolve(change.Path), mode);
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A mount left behind by a failed build would keep the tree busy; the OS cleans /tmp.
        }
    }
}
