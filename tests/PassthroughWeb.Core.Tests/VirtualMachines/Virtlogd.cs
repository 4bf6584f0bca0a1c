using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>virtlogd, which libvirtd needs to start a domain (it keeps the QEMU log). Started when its socket is absent, stopped by its PID.</summary>
public sealed class Virtlogd : IDisposable
{
    private const string Socket = "/run/libvirt/virtlogd-sock";
    private const string PidFile = "/run/pw-virtlogd.pid";
    private int? _pid;

    public string? Unavailable { get; private set; }

    public static async Task<Virtlogd> StartAsync(ICommandRunner runner)
    {
        var daemon = new Virtlogd();
        if (File.Exists(Socket)) return daemon;
        var start = await runner.RunAsync(new CommandRequest("virtlogd", ["-d", "-p", PidFile]), CancellationToken.None);
        if (!start.Succeeded)
        {
            daemon.Unavailable = $"virtlogd did not start ({start.StandardError.Trim()}): a domain cannot be started here.";
            return daemon;
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(Socket) && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid)) daemon._pid = pid;
        return daemon;
    }

    public void Dispose()
    {
        if (_pid is not { } pid) return;
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
        }
    }
}
