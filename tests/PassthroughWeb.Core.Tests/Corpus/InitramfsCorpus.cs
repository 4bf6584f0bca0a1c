namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// The real initramfs and modules files in ../shared/corpus, read at test time (never copied into the repository),
/// with the path each one had in its source repository (from SOURCES.md), which says where it sits on a host.
/// </summary>
internal static class InitramfsCorpus
{
    private static readonly Lazy<string?> Location = new(Find);

    public static string? Directory => Location.Value;

    /// <summary>The files of one corpus folder, sorted; skips the test when the corpus is not beside the repository.</summary>
    public static IReadOnlyList<string> Files(string folder)
    {
        if (Directory is null) Assert.Skip("../shared/corpus is not beside the repository: the real-file tests need it.");
        var path = Path.Combine(Directory, folder);
        if (!System.IO.Directory.Exists(path)) Assert.Skip($"../shared/corpus/{folder} is missing.");
        return [.. System.IO.Directory.EnumerateFiles(path).Order(StringComparer.Ordinal)];
    }

    /// <summary>The path column of SOURCES.md for a corpus file ("mkinitcpio/x.conf" → "etc/mkinitcpio.conf.d/nvidia.conf").</summary>
    public static string SourcePath(string corpusFile)
    {
        var relative = Path.GetRelativePath(Directory!, corpusFile);
        foreach (var line in File.ReadLines(Path.Combine(Directory!, "SOURCES.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 4 && cells[1] == relative) return cells[3];
        }
        throw new InvalidOperationException($"{relative} has no row in SOURCES.md.");
    }

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "PassthroughWeb.sln"))) continue;
            var corpus = Path.Combine(directory.FullName, "..", "shared", "corpus");
            return System.IO.Directory.Exists(corpus) ? Path.GetFullPath(corpus) : null;
        }
        return null;
    }
}
