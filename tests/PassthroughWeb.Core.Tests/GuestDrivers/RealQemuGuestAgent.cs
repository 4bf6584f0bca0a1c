using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

/// <summary>
/// The real QEMU guest agent (Debian's qemu-guest-agent) listening on a Unix socket in a temporary directory, as it
/// runs inside a guest; the tests talk to it the way libvirt does (one JSON command per line, one reply per line).
/// Stopped by its own process handle.
/// </summary>
public sealed class RealQemuGuestAgent : IAsyncDisposable
{
    private const string Program = "/usr/sbin/qemu-ga";
    private readonly Process _process;
    private readonly string _directory;

    private RealQemuGuestAgent(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    private string SocketPath => Path.Combine(_directory, "qga.sock");

    public static async Task<RealQemuGuestAgent> StartAsync()
    {
        if (!File.Exists(Program)) Assert.Skip("qemu-ga is not installed (Debian: apt-get install qemu-guest-agent).");
        var directory = Directory.CreateTempSubdirectory("pw-qga-").FullName;
        var state = Directory.CreateDirectory(Path.Combine(directory, "state")).FullName;
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-m", "unix-listen", "-p", Path.Combine(directory, "qga.sock"), "-t", state }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var agent = new RealQemuGuestAgent(process, directory);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(agent.SocketPath))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no socket after 10 s";
                await agent.DisposeAsync();
                throw new InvalidOperationException($"qemu-ga did not start: {error}");
            }
            await Task.Delay(20);
        }
        return agent;
    }

    /// <summary>The socket file appears at bind(), a moment before the agent listens: a connection refused then is tried again.</summary>
    private async Task<Socket> ConnectAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && attempt < 100)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Sends one command and returns the agent's reply line, exactly as it wrote it.</summary>
    public async Task<string> ExecuteAsync(string command)
    {
        using var socket = await ConnectAsync();
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = Encoding.UTF8.GetBytes($"{{\"execute\": \"{command}\"}}\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException($"qemu-ga closed the connection without answering {command}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
