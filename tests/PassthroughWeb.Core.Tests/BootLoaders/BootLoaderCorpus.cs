using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>The shared corpus locator (<see cref="RepositoryPaths"/>) shaped for the boot-loader theories.</summary>
internal static class BootLoaderCorpus
{
    /// <summary>The names of a corpus folder's files, sorted; empty when the corpus or the folder is absent.</summary>
    public static IReadOnlyList<string> FileNames(string folder) => RepositoryPaths.CorpusFileNames(folder);

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
        if (name.Length == 0) RepositoryPaths.RequireCorpus(folder);
        return File.ReadAllText(RepositoryPaths.RequireCorpusFile(folder, name));
    }
}
