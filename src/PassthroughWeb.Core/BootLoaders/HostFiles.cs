using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Existence checks that never throw: on a copied host a symlink may point outside the root, which
/// <see cref="HostRoot.Resolve"/> refuses; for detection that simply means "not here".
/// </summary>
internal static class HostFiles
{
    public static bool FileExists(HostRoot root, string hostPath)
    {
        try
        {
            return root.FileExists(hostPath);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static bool DirectoryExists(HostRoot root, string hostPath)
    {
        try
        {
            return root.DirectoryExists(hostPath);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
