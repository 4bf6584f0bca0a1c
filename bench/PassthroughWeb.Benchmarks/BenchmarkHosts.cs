namespace PassthroughWeb.Benchmarks;

/// <summary>
/// Synthetic hosts kept on disk between benchmark processes (BenchmarkDotNet runs each case in its own
/// process): written once per size, reused while the marker file says the write finished.
/// </summary>
public static class BenchmarkHosts
{
    public static string BaseDirectory =>
        Environment.GetEnvironmentVariable("PASSTHROUGHWEB_BENCH_HOSTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "passthroughweb-bench-hosts");

    public static string Ensure(int deviceCount)
    {
        var directory = Path.Combine(BaseDirectory, $"host-{deviceCount}");
        var marker = Path.Combine(BaseDirectory, $"host-{deviceCount}.complete");
        if (File.Exists(marker) && Directory.Exists(directory)) return directory;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        SyntheticHost.Write(directory, deviceCount);
        File.WriteAllText(marker, DateTimeOffset.UtcNow.ToString("O"));
        return directory;
    }
}
