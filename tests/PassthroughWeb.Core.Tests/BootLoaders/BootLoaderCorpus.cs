namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>
/// Finds the shared real-world corpus (<c>&lt;repo&gt;/../shared/corpus</c>, or PASSTHROUGHWEB_CORPUS) for the boot-loader
/// tests. Private to these tests until the shared TestSupport locator is on main.
/// </summary>
internal static class BootLoaderCorpus
{
    public static string? Directory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("PASSTHROUGHWEB_CORPUS");
            if (!string.IsNullOrWhiteSpace(overridden)) return System.IO.Directory.Exists(overridden) ? overridden : null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "PassthroughWeb.sln"))) continue;
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                return System.IO.Directory.Exists(corpus) ? corpus : null;
            }
            return null;
        }
    }

    /// <summary>The names of a corpus folder's files, sorted; empty when the corpus or the folder is absent.</summary>
    public static IReadOnlyList<string> FileNames(string folder)
    {
        var corpus = Directory;
        var path = corpus is null ? null : Path.Combine(corpus, folder);
        if (path is null || !System.IO.Directory.Exists(path)) return [];
        return System.IO.Directory.EnumerateFiles(path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Theory data of a folder's file names (minus <paramref name="except"/>). With the corpus absent there is one empty
    /// name, whose test then skips with the reason instead of silently running nothing.
    /// </summary>
    public static TheoryData<string> Names(string folder, params string[] except)
    {
        var data = new TheoryData<string>();
        var names = FileNames(folder);
        if (names.Count == 0) data.Add("");
        foreach (var name in names.Where(n => !except.Contains(n))) data.Add(name);
        return data;
    }

    /// <summary>A corpus file's text, byte for byte; skips the calling test when the corpus or the file is absent.</summary>
    public static string Read(string folder, string name)
    {
        var corpus = Directory;
        if (corpus is null) Assert.Skip("The real-world corpus is not here (looked at PASSTHROUGHWEB_CORPUS and <repo>/../shared/corpus).");
        if (name.Length == 0) Assert.Skip($"The corpus has no '{folder}' folder.");
        var path = Path.Combine(corpus, folder, name);
        if (!File.Exists(path)) Assert.Skip($"The corpus file '{folder}/{name}' is not here.");
        return File.ReadAllText(path);
    }
}
