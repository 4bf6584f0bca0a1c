using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Isolation;

/// <summary>
/// Debian's current kernel package (the name comes from apt: the ABI number changes with security updates),
/// downloaded once with <c>apt-get download</c> and unpacked with its module tree indexed (depmod) under
/// /tmp/pw-kernel, as TOOLCHAIN.md describes, so every test and every test run shares it; never installed. The stage
/// is a host root with boot/vmlinuz-K, boot/config-K and lib/modules/K. A lock file keeps parallel test processes
/// from fetching it twice. Skips with the reason when apt cannot reach its registry.
/// </summary>
public static class RealKernel
{
    public const string CacheDirectory = "/tmp/pw-kernel";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static RealKernelTree? _tree;

    /// <summary>The stage directory (holding lib/modules/VERSION, depmod done) and the kernel version.</summary>
    public static async Task<RealKernelTree> RequireAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_tree is { } known) return known;
            Directory.CreateDirectory(CacheDirectory);
            // Other test processes share the cache: one downloads and extracts, the rest wait on the lock file.
            using var lockFile = await LockAsync(cancellationToken);
            var runner = new ProcessCommandRunner();
            var package = await PackageNameAsync(runner, cancellationToken);
            var version = package["linux-image-".Length..];
            var stage = Path.Combine(CacheDirectory, "stage-" + version);
            if (!File.Exists(Path.Combine(stage, "lib", "modules", version, "modules.dep")))
            {
                var deb = Directory.EnumerateFiles(CacheDirectory, package + "_*.deb").FirstOrDefault();
                if (deb is null)
                {
                    var download = await runner.RunAsync(new CommandRequest("apt-get", ["download", package]) { WorkingDirectory = CacheDirectory, Timeout = TimeSpan.FromMinutes(5) }, cancellationToken);
                    deb = Directory.EnumerateFiles(CacheDirectory, package + "_*.deb").FirstOrDefault();
                    if (!download.Succeeded || deb is null) Assert.Skip($"apt-get download {package} failed (no registry?): {download.StandardError.Trim()}");
                }
                var partial = stage + ".partial";
                if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
                await Must(runner, "dpkg-deb", ["-x", deb, partial], cancellationToken);
                await Must(runner, "depmod", ["-b", partial, version], cancellationToken);
                if (Directory.Exists(stage)) Directory.Delete(stage, recursive: true);
                Directory.Move(partial, stage);
            }
            _tree = new RealKernelTree(stage, version);
            return _tree;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> PackageNameAsync(ProcessCommandRunner runner, CancellationToken cancellationToken)
    {
        var depends = await runner.RunAsync(new CommandRequest("apt-cache", ["depends", "linux-image-amd64"]), cancellationToken);
        if (!depends.Started) Assert.Skip("apt-cache is not here: a real kernel's modules cannot be fetched.");
        var package = depends.StandardOutput.Split('\n')
            .Select(l => l.Trim().TrimStart('|'))
            .Where(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
            .Select(l => l["Depends: ".Length..])
            .FirstOrDefault();
        if (package is null) Assert.Skip("apt-cache does not know linux-image-amd64 (run apt-get update): a real kernel's modules cannot be fetched.");
        return package;
    }

    private static async Task Must(ProcessCommandRunner runner, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandRequest(program, arguments), cancellationToken);
        if (!result.Started) Assert.Skip($"{program} is not installed.");
        Assert.True(result.Succeeded, $"{program} {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    private static async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(CacheDirectory, ".lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
