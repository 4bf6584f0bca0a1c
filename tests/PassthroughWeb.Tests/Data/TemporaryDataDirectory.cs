namespace PassthroughWeb.Tests.Data;

/// <summary>A real directory under /tmp for one test's database, removed afterwards.</summary>
public sealed class TemporaryDataDirectory : IDisposable
{
    public TemporaryDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "passthroughweb-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>The directory; not created, so tests can check that opening the database creates it.</summary>
    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
