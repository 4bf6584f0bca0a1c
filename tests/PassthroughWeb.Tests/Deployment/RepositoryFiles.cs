namespace PassthroughWeb.Tests.Deployment;

/// <summary>Finds the repository the tests were built from (the directory holding PassthroughWeb.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PassthroughWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No PassthroughWeb.sln above {AppContext.BaseDirectory}: the tests run from inside the repository.");
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
