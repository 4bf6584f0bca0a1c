using PassthroughWeb.Core.Demo;

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
        return SampleWorkstation.Build(directory).Path;
    }
}
