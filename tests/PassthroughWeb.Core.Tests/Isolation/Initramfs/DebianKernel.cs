using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

/// <summary>
/// Debian's current kernel package, downloaded once per machine into /tmp/pw-kernel and unpacked with its module
/// tree indexed (depmod), as TOOLCHAIN.md describes. The package name comes from apt (the ABI number changes with
/// security updates); a lock file keeps parallel test classes from fetching it twice. When apt cannot reach the
/// package, <see cref="SkipReason"/> says so and the tests that need it skip.
/// </summary>
public sealed class DebianKernel : IAsyncLifetime
{
    public const string CacheDirectory = "/tmp/pw-kernel";
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private readonly ProcessCommandRunner _runner = new();

    public string? SkipReason { get; private set; }

    /// <summary>The unpacked package: a host root with boot/vmlinuz-K, boot/config-K and lib/modules/K.</summary>
    public string Stage { get; private set; } = "";

    public string Version { get; private set; } = "";

    public InstalledKernel Kernel { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var depends = await _runner.RunAsync(new CommandRequest("apt-cache", ["depends", "linux-image-amd64"]), ct);
        var package = depends.StandardOutput.Split('\n')
            .Select(l => l.Trim().TrimStart('|'))
            .Where(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
            .Select(l => l["Depends: ".Length..].Trim())
            .FirstOrDefault();
        if (!depends.Succeeded || package is null)
        {
            SkipReason = "apt cannot name Debian's kernel package (apt-cache depends linux-image-amd64 found no linux-image-*): run apt-get update, or this machine has no apt.";
            return;
        }
        Version = package["linux-image-".Length..];
        // The layout RealKernel (the isolation tests) uses too: one download and one extraction per machine.
        Stage = Path.Combine(CacheDirectory, "stage-" + Version);

        await InProcess.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            using var lockFile = await LockAsync(Path.Combine(CacheDirectory, ".lock"), ct);
            if (!File.Exists(Path.Combine(Stage, "lib", "modules", Version, "modules.dep")))
                SkipReason = await FetchAsync(package, ct);
        }
        finally
        {
            InProcess.Release();
        }
        if (SkipReason is null)
        {
            var kernels = InitramfsDetector.FindKernels(new HostRoot(Stage));
            Kernel = Assert.Single(kernels, k => k.Version == Version);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void SkipIfMissing()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
    }

    private async Task<string?> FetchAsync(string package, CancellationToken ct)
    {
        var deb = Directory.EnumerateFiles(CacheDirectory, package + "_*.deb").FirstOrDefault();
        if (deb is null)
        {
            var download = await _runner.RunAsync(new CommandRequest("apt-get", ["download", package]) { WorkingDirectory = CacheDirectory, Timeout = TimeSpan.FromMinutes(5) }, ct);
            deb = Directory.EnumerateFiles(CacheDirectory, package + "_*.deb").FirstOrDefault();
            if (!download.Succeeded || deb is null)
                return $"apt cannot download {package} (exit code {download.ExitCode}): {download.StandardError.Trim()}";
        }

        // Extracted beside the stage and moved in place only when complete, so a killed run leaves no half tree.
        var partial = Stage + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        var extract = await _runner.RunAsync(new CommandRequest("dpkg-deb", ["-x", deb, partial]) { Timeout = TimeSpan.FromMinutes(5) }, ct);
        Assert.True(extract.Succeeded, "dpkg-deb -x failed: " + extract.StandardError);
        var depmod = await _runner.RunAsync(new CommandRequest("depmod", ["-b", partial, Version]), ct);
        Assert.True(depmod.Succeeded, "depmod failed: " + depmod.StandardError);
        if (Directory.Exists(Stage)) Directory.Delete(Stage, recursive: true);
        Directory.Move(partial, Stage);
        return null;
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        // An exclusive open is an flock on Linux: other test processes wait here until the fetch is done.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }
}
