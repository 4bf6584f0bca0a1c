using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Services;

/// <summary>
/// The "Sample workstation" of <c>--demo</c>: the guide's hardware written as a host tree under the data directory,
/// so a new user sees every part of the app on any machine without it touching that machine.
/// </summary>
public sealed class DemoWorkstation
{
    public const string HostName = SampleWorkstation.HostName;

    /// <summary>Where the tree goes, relative to the data directory.</summary>
    public static string DirectoryIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "demo", "sample-workstation");

    /// <summary>
    /// Writes the tree afresh (a tree left by an older version of the app is replaced) and returns its root directory.
    /// </summary>
    public string Build(string dataDirectory)
    {
        var directory = DirectoryIn(dataDirectory);
        // Only ever our own generated tree: the path is fixed under the data directory.
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        var root = SampleWorkstation.Build(directory);
        CopyPciNames(HostRoot.Default, root);
        return root.Path;
    }

    /// <summary>
    /// The listing gives the guide's devices but no PCI ID database, so the scan would show bare IDs. Give the tree this
    /// machine's pci.ids, where pciutils keeps it, as the workstation's own distribution would have it.
    /// </summary>
    internal static void CopyPciNames(HostRoot machine, HostRoot tree)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(tree);
        foreach (var path in PciIdPaths)
        {
            if (machine.TryReadBytes(path, MaxPciIdsBytes) is { Length: > 0 } names)
            {
                tree.WriteBytes("usr/share/misc/pci.ids", names);
                return;
            }
        }
    }

    private const int MaxPciIdsBytes = 16 * 1024 * 1024;

    private static readonly string[] PciIdPaths = ["usr/share/hwdata/pci.ids", "usr/share/misc/pci.ids", "usr/share/pci.ids"];
}
