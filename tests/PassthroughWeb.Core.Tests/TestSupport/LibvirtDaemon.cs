using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>
/// A real libvirtd (and the virtlogd it needs to start domains) for the tests, as TOOLCHAIN.md describes: started in the
/// background (there is no systemd here),
/// reached at <c>qemu:///system</c>, and stopped by the PID it wrote. There is one system daemon per machine, so the
/// test processes take turns through a lock file: a test class holds the daemon from its first test to its last.
/// A daemon that was already running (a developer's machine) is used and left running.
/// Share it through an xunit collection fixture; every domain a test defines is named with <see cref="NewDomainName"/>
/// so leftovers can be found and removed.
/// </summary>
public sealed class LibvirtDaemon : IAsyncLifetime
{
    public const string Uri = "qemu:///system";
    public const string DomainPrefix = "pwtest-";
    private const string LockPath = "/tmp/pw-libvirtd.lock";
    private const string PidFile = "/run/pw-libvirtd.pid";
    private const string LogDaemonPidFile = "/run/pw-virtlogd.pid";
    private const string LogDaemonSocket = "/run/libvirt/virtlogd-sock";

    private readonly ProcessCommandRunner _runner = new();
    private FileStream? _lock;
    private int? _startedPid;
    private int? _startedLogDaemonPid;

    /// <summary>Why the daemon is not usable here (not installed, did not start); null when it is.</summary>
    public string? Unavailable { get; private set; }

    public ICommandRunner Runner => _runner;

    /// <summary>Skips the calling test with the reason when there is no daemon.</summary>
    public void Require()
    {
        if (Unavailable is { } reason) Assert.Skip(reason);
    }

    /// <summary>A domain name no other test uses, with the prefix the clean-up looks for.</summary>
    public static string NewDomainName(string purpose) => $"{DomainPrefix}{purpose}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs <c>virsh -c qemu:///system ARGS…</c>.</summary>
    public Task<CommandResult> VirshAsync(params string[] arguments) =>
        _runner.RunAsync(new CommandRequest("virsh", ["-c", Uri, .. arguments]) { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

    /// <summary>Runs virsh and fails the test when it does not succeed; returns its standard output.</summary>
    public async Task<string> MustAsync(params string[] arguments)
    {
        var result = await VirshAsync(arguments);
        Assert.True(result.Succeeded, $"virsh {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    public async ValueTask InitializeAsync()
    {
        var installed = await _runner.RunAsync(new CommandRequest("libvirtd", ["--version"]), CancellationToken.None);
        if (!installed.Started)
        {
            Unavailable = "libvirtd is not installed here (apt-get install libvirt-daemon-system libvirt-clients qemu-system-x86).";
            return;
        }
        _lock = await LockAsync();
        if ((await VirshAsync("version")).Succeeded)
        {
            await StartLogDaemonAsync();
            await RemoveLeftoversAsync();
            return;
        }

        foreach (var directory in new[] { "/run/libvirt", "/var/log/libvirt", "/var/lib/libvirt/qemu/nvram" })
            Directory.CreateDirectory(directory);
        File.Delete(PidFile);
        await StartLogDaemonAsync();
        var start = await _runner.RunAsync(new CommandRequest("libvirtd", ["-d", "-p", PidFile]), CancellationToken.None);
        if (!start.Succeeded)
        {
            Unavailable = $"libvirtd did not start (exit {start.ExitCode}): {start.StandardError.Trim()}";
            return;
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await VirshAsync("version")).Succeeded)
        {
            if (DateTime.UtcNow > deadline)
            {
                Unavailable = "libvirtd started but did not answer at qemu:///system within 30 s.";
                break;
            }
            await Task.Delay(100);
        }
        _startedPid = await ReadPidAsync(PidFile);
        if (Unavailable is null) await RemoveLeftoversAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Unavailable is null && _lock is not null) await RemoveLeftoversAsync();
            if (_startedPid is { } pid) await StopAsync(pid);
            if (_startedLogDaemonPid is { } logPid)
            {
                await StopAsync(logPid);
                // virtlogd leaves its socket behind on SIGTERM; a stale one makes the next user think it still runs.
                if (!Directory.Exists($"/proc/{logPid}")) File.Delete(LogDaemonSocket);
            }
        }
        finally
        {
            if (_lock is not null) await _lock.DisposeAsync();
        }
    }

    /// <summary>Domains an earlier, killed test run left behind.</summary>
    private async Task RemoveLeftoversAsync()
    {
        var names = await VirshAsync("list", "--all", "--name");
        foreach (var name in names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!name.StartsWith(DomainPrefix, StringComparison.Ordinal)) continue;
            await VirshAsync("destroy", name);
            await VirshAsync("undefine", "--nvram", "--tpm", name);
        }
    }

    /// <summary>Starting a domain needs virtlogd (it holds QEMU's log); defining does not. One already listening is used.</summary>
    private async Task StartLogDaemonAsync()
    {
        if (LogDaemonListening()) return;
        File.Delete(LogDaemonPidFile);
        File.Delete(LogDaemonSocket);
        var logDaemon = await _runner.RunAsync(new CommandRequest("virtlogd", ["-d", "-p", LogDaemonPidFile]), CancellationToken.None);
        if (!logDaemon.Succeeded) return;
        _startedLogDaemonPid = await ReadPidAsync(LogDaemonPidFile);
        for (var i = 0; i < 100 && !LogDaemonListening(); i++) await Task.Delay(50);
    }

    /// <summary>A socket file can outlive its daemon: only a connection shows one is there.</summary>
    private static bool LogDaemonListening()
    {
        if (!File.Exists(LogDaemonSocket)) return false;
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(LogDaemonSocket));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>The PID a daemon wrote (it writes the file just after it forks: wait a moment for it).</summary>
    private static async Task<int?> ReadPidAsync(string pidFile)
    {
        for (var i = 0; i < 50; i++)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid)) return pid;
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>SIGTERM, then waits until the process is gone (libvirtd takes about 2 s to shut down).</summary>
    private async Task StopAsync(int pid)
    {
        await _runner.RunAsync(new CommandRequest("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    private static async Task<FileStream> LockAsync()
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
