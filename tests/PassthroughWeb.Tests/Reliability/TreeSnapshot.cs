namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// Everything under a host root as it is at one moment: each regular file with its bytes, each directory, each symlink
/// with its target, by path relative to the root. Two snapshots are the same host only when all three agree.
/// </summary>
internal sealed class TreeSnapshot
{
    private TreeSnapshot(SortedDictionary<string, byte[]> files, SortedSet<string> directories, SortedDictionary<string, string> links)
    {
        Files = files;
        Directories = directories;
        Links = links;
    }

    public IReadOnlyDictionary<string, byte[]> Files { get; }
    public IReadOnlySet<string> Directories { get; }
    public IReadOnlyDictionary<string, string> Links { get; }

    public static TreeSnapshot Take(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var links = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // Symlinks are listed with their targets and never followed: sysfs links point all over the tree, in cycles.
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                var path = Path.GetRelativePath(root, entry.FullName);
                if (entry.LinkTarget is { } target)
                {
                    links[path] = target;
                }
                else if (entry is DirectoryInfo child)
                {
                    directories.Add(path);
                    pending.Push(child);
                }
                else
                {
                    files[path] = File.ReadAllBytes(entry.FullName);
                }
            }
        }
        return new TreeSnapshot(files, directories, links);
    }

    /// <summary>What differs from <paramref name="other"/>, one line per path; empty when both are the same tree.</summary>
    public IReadOnlyList<string> DifferencesFrom(TreeSnapshot other)
    {
        var differences = new List<string>();
        foreach (var path in Files.Keys.Union(other.Files.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Files.GetValueOrDefault(path);
            var theirs = other.Files.GetValueOrDefault(path);
            if (mine is null) differences.Add($"{path}: missing");
            else if (theirs is null) differences.Add($"{path}: extra file");
            else if (!mine.AsSpan().SequenceEqual(theirs)) differences.Add($"{path}: other content");
        }
        differences.AddRange(Directories.Except(other.Directories).Select(d => $"{d}/: extra directory"));
        differences.AddRange(other.Directories.Except(Directories).Select(d => $"{d}/: missing directory"));
        foreach (var path in Links.Keys.Union(other.Links.Keys).Where(p => Links.GetValueOrDefault(p) != other.Links.GetValueOrDefault(p)))
            differences.Add($"{path}: link differs");
        return differences;
    }
}
