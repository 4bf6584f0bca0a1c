namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>
/// Where the repository and the shared real-world data are. The corpus is never copied into the repository:
/// a CI clone sees it at <c>&lt;repo&gt;/../shared/corpus</c>; <c>PASSTHROUGHWEB_CORPUS</c> points elsewhere.
/// </summary>
public static class RepositoryPaths
{
    public const string CorpusVariable = "PASSTHROUGHWEB_CORPUS";
    public const string SeedVariable = "PASSTHROUGHWEB_SEED";

    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The directory holding PassthroughWeb.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The corpus directory, or null when it is not there.</summary>
    public static string? CorpusDirectory => Existing(Environment.GetEnvironmentVariable(CorpusVariable), "corpus");

    /// <summary>The seed material (the guide), or null when it is not there.</summary>
    public static string? SeedDirectory => Existing(Environment.GetEnvironmentVariable(SeedVariable), "seed");

    /// <summary>A corpus subfolder (<c>iommu</c> …); skips the calling test with the reason when the corpus is absent.</summary>
    public static string RequireCorpus(string subfolder)
    {
        var corpus = CorpusDirectory;
        if (corpus is null)
            Assert.Skip($"The real-world corpus is not here (looked at {CorpusVariable} and {Path.Combine(RepositoryRoot, "..", "shared", "corpus")}).");
        var folder = Path.Combine(corpus, subfolder);
        if (!Directory.Exists(folder)) Assert.Skip($"The corpus has no '{subfolder}' folder ({folder}).");
        return folder;
    }

    /// <summary>A file of the corpus; skips the calling test when it is absent.</summary>
    public static string RequireCorpusFile(string subfolder, string name)
    {
        var path = Path.Combine(RequireCorpus(subfolder), name);
        if (!File.Exists(path)) Assert.Skip($"The corpus file '{subfolder}/{name}' is not here.");
        return path;
    }

    /// <summary>The file names of a corpus folder, for theory data; empty when the corpus is absent (the theory then reports no rows).</summary>
    public static IReadOnlyList<string> CorpusFileNames(string subfolder)
    {
        var corpus = CorpusDirectory;
        if (corpus is null) return [];
        var folder = Path.Combine(corpus, subfolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The guide the project follows (<c>seed/gpu-passthrough-guide.txt</c>); skips the calling test when absent.</summary>
    public static string RequireGuide()
    {
        var seed = SeedDirectory;
        var path = seed is null ? null : Path.Combine(seed, "gpu-passthrough-guide.txt");
        if (path is null || !File.Exists(path))
            Assert.Skip($"The guide is not here (looked at {SeedVariable} and {Path.Combine(RepositoryRoot, "..", "shared", "seed")}).");
        return path;
    }

    private static string? Existing(string? overridePath, string name)
    {
        var path = !string.IsNullOrWhiteSpace(overridePath)
            ? overridePath
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", name));
        return Directory.Exists(path) ? path : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PassthroughWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No PassthroughWeb.sln above {AppContext.BaseDirectory}: the tests run outside the repository.");
    }
}
