using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Demo;

/// <summary>
/// The demo host's own libvirt: a private libvirtd in session mode, so steps 4 and 5 can be walked end to end on the
/// sample workstation (a storage pool <c>default</c>, a network <c>default</c>, VMs defined, checked and rolled back)
/// while the machine's <c>qemu:///system</c> is never touched. As root the daemon runs as the unprivileged user
/// <c>nobody</c> (libvirtd run by root is always the system daemon); it is reached through its socket, whose path must
/// stay under the 107 bytes a unix socket address holds, so everything lives in a short directory under /tmp named
/// after a hash of the data directory, not in the (often long) data directory itself. The daemon is started fresh with
/// the demo tree and stopped, its directory removed, when the app stops. Programs go through the command runner.
/// </summary>
public sealed class DemoLibvirt : IAsyncDisposable
{
    /// <summary>The most a unix socket path may hold (sun_path is 108 bytes with its terminating NUL).</summary>
    public const int MaxSocketPathBytes = 107;

    /// <summary>nobody and nogroup: the same numbers on Debian, Fedora and Arch, whatever the group is called.</summary>
    private const string Nobody = "65534";

    private readonly ICommandRunner _runner;
    private bool _started;

    public DemoLibvirt(ICommandRunner runner, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _runner = runner;
        Directory = DirectoryFor(dataDirectory);
    }

    /// <summary>Where the daemon keeps its configuration, images and socket.</summary>
    public string Directory { get; }

    public string SocketPath => SocketPathIn(Directory);

    /// <summary>The connection URI virsh uses for the demo.</summary>
    public string Connection => ConnectionFor(Directory);

    /// <summary>Why the demo has no libvirt (not installed, did not start); null once it runs.</summary>
    public string? Problem { get; private set; }

    /// <summary>The storage pool's directory, where the demo's VM disks go.</summary>
    public string ImagesDirectory => Path.Combine(Directory, "home", "images");

    private string RuntimeDirectory => Path.Combine(Directory, "run");
    private string PidFile => Path.Combine(RuntimeDirectory, "libvirtd.pid");

    /// <summary>A short directory of its own for each data directory: /tmp/pwl- and ten hex digits of its path's hash.</summary>
    public static string DirectoryFor(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory)));
        return Path.Combine(Path.GetTempPath(), "pwl-" + Convert.ToHexStringLower(hash)[..10]);
    }

    public static string ConnectionFor(string directory) => $"qemu+unix:///session?socket={SocketPathIn(directory)}";

    private static string SocketPathIn(string directory) => Path.Combine(directory, "run", "libvirt", "libvirt-sock");

    /// <summary>
    /// Starts a fresh daemon (one left by an earlier run is stopped first) with the pool and network a real host has.
    /// Returns the problem, also kept in <see cref="Problem"/>, or null when it runs.
    /// </summary>
    public async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        Problem = await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        if (Problem is not null) await StopAsync().ConfigureAwait(false);
        return Problem;
    }

    private async Task<string?> StartCoreAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) return "The demo's libvirt runs on Linux only.";
        if (Encoding.UTF8.GetByteCount(SocketPath) > MaxSocketPathBytes)
            return $"The demo's libvirt cannot start: its socket path {SocketPath} is longer than the {MaxSocketPathBytes} bytes a unix socket allows (TMPDIR is too long). " +
                   "Steps 4 and 5 of the demo have no libvirt; the machine's own is never used instead.";
        await StopAsync().ConfigureAwait(false);
        foreach (var directory in new[] { Directory, RuntimeDirectory, ImagesDirectory })
        {
            System.IO.Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot();
        if (root)
        {
            var owned = await RunAsync("chown", ["-R", $"{Nobody}:{Nobody}", Directory], cancellationToken).ConfigureAwait(false);
            if (!owned.Succeeded) return $"The demo's libvirt cannot start: {Directory} could not be given to the user nobody: {owned.StandardError.Trim()}";
        }

        string[] daemon = ["env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", $"HOME={Path.Combine(Directory, "home")}",
            $"XDG_RUNTIME_DIR={RuntimeDirectory}", "libvirtd", "-d", "-p", PidFile];
        var started = root
            ? await RunAsync("setpriv", ["--reuid", Nobody, "--regid", Nobody, "--clear-groups", .. daemon], cancellationToken).ConfigureAwait(false)
            : await RunAsync(daemon[0], daemon[1..], cancellationToken).ConfigureAwait(false);
        if (!started.Started)
            return $"The demo's libvirt cannot start: {(root ? "setpriv (util-linux)" : "env")} is missing. Steps 4 and 5 of the demo have no libvirt; the machine's own is never used instead.";
        if (!started.Succeeded)
        {
            return started.ExitCode == 127 || started.StandardError.Contains("libvirtd", StringComparison.Ordinal) && started.StandardError.Contains("No such file", StringComparison.Ordinal)
                ? "The demo's libvirt cannot start: libvirtd is not installed (Debian/Ubuntu: apt install libvirt-daemon-system qemu-system-x86). Steps 4 and 5 of the demo have no libvirt; the machine's own is never used instead."
                : $"The demo's libvirt did not start (libvirtd exit {started.ExitCode}): {started.StandardError.Trim()}";
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await VirshAsync(["version"], cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            if (DateTime.UtcNow > deadline) return $"The demo's libvirt started but did not answer at {Connection} within 30 s.";
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        // What a fresh libvirt install has: the directory pool 'default' and the NAT network 'default' (defined here;
        // only the system daemon can start a NAT network, so it stays inactive, as the planner then says).
        foreach (var step in new[]
                 {
                     new[] { "pool-define-as", "--name", "default", "--type", "dir", "--target", ImagesDirectory },
                     ["pool-start", "--pool", "default"],
                     ["pool-autostart", "--pool", "default"],
                 })
        {
            var result = await VirshAsync(step, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded) return $"The demo's libvirt could not set up its storage pool 'default' (virsh {step[0]}): {result.StandardError.Trim()}";
        }
        using (var network = TemporaryFile.Create(
                   "<network><name>default</name><forward mode='nat'/><bridge name='virbr0' stp='on' delay='0'/>" +
                   "<ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>", ".xml"))
        {
            var defined = await VirshAsync(["net-define", "--file", network.Path], cancellationToken).ConfigureAwait(false);
            if (!defined.Succeeded) return $"The demo's libvirt could not define its network 'default': {defined.StandardError.Trim()}";
        }
        return null;
    }

    /// <summary>Stops the daemon this directory's PID file names (SIGTERM, then waits) and removes the directory.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(PidFile) && int.TryParse((await File.ReadAllTextAsync(PidFile).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && IsOurDaemon(pid))
        {
            await RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], CancellationToken.None).ConfigureAwait(false);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (System.IO.Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(100).ConfigureAwait(false);
        }
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file the daemon was still closing: the next start removes it.
        }
    }

    /// <summary>Stops the daemon when this instance started one (the app stopping, a test ending).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started) await StopAsync().ConfigureAwait(false);
        _started = false;
    }

    /// <summary>A PID file can outlive its process, and the number be reused: only a libvirtd is stopped.</summary>
    private static bool IsOurDaemon(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "libvirtd";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsRoot()
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        var uid = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uid is not null && uid.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];
    }

    private Task<CommandResult> VirshAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync("virsh", ["-c", Connection, .. arguments], cancellationToken);

    private Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        _runner.RunAsync(new CommandRequest(program, arguments) { Timeout = TimeSpan.FromSeconds(60) }, cancellationToken);
}
