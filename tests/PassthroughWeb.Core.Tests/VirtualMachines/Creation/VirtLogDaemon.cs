using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>
/// virtlogd, which libvirtd needs to start a domain (it holds QEMU's log): started in the background when it is not
/// running and stopped by the PID it wrote; one that was already running is used and left alone. Used only from the
/// libvirt collection, which holds the daemon lock.
/// </summary>
public sealed class VirtLogDaemon : IAsyncDisposable
{
    private const string Socket = "/run/libvirt/virtlogd-sock";
    private const string PidFile = "/run/pw-virtlogd.pid";
    private readonly ProcessCommandRunner _runner = new();
    private int? _pid;

    private VirtLogDaemon()
    {
    }

    /// <summary>A running virtlogd, or a skip with the reason.</summary>
    public static async Task<VirtLogDaemon> RequireAsync()
    {
        var daemon = new VirtLogDaemon();
        if (Listening()) return daemon;
        File.Delete(PidFile);
        var start = await daemon._runner.RunAsync(new CommandRequest("virtlogd", ["-d", "-p", PidFile]), CancellationToken.None);
        if (!start.Started) Assert.Skip("virtlogd is not installed here (it comes with libvirt-daemon-system).");
        Assert.True(start.Succeeded, $"virtlogd did not start: {start.StandardError}");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Listening() || !File.Exists(PidFile))
        {
            Assert.True(DateTime.UtcNow < deadline, "virtlogd started but made no socket within 10 s.");
            await Task.Delay(50);
        }
        daemon._pid = int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return daemon;
    }

    /// <summary>A socket file can outlive its daemon: only a connection shows one is there.</summary>
    private static bool Listening()
    {
        if (!File.Exists(Socket)) return false;
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pid is not { } pid) return;
        await _runner.RunAsync(new CommandRequest("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(50);
        // virtlogd leaves its socket behind on SIGTERM; a stale one makes the next user think it still runs.
        if (!Directory.Exists($"/proc/{pid}")) File.Delete(Socket);
    }
}
