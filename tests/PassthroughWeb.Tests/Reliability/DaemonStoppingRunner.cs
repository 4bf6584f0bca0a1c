using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// The real command runner, which stops a libvirtd with <see cref="Signal"/> the moment a change reaches libvirt: just
/// before the first <c>virsh … define</c> runs, and waits until the daemon is gone, so that virsh meets a libvirt that
/// has just gone away, as on a host where libvirtd is stopped, restarted by an upgrade or killed by the OOM killer.
/// </summary>
internal sealed class DaemonStoppingRunner(string pidFile, string signal) : ICommandRunner
{
    private readonly ProcessCommandRunner _runner = new();

    public string Signal => signal;

    /// <summary>The daemon's process id once it was stopped; null while the change has not reached libvirt.</summary>
    public int? Stopped { get; private set; }

    public List<CommandRequest> Requests { get; } = [];

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Add(request);
        if (Stopped is null && request.Program == "virsh" && request.Arguments.Contains("define")) Stopped = await StopDaemonAsync();
        return await _runner.RunAsync(request, cancellationToken);
    }

    private async Task<int> StopDaemonAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.Equal("libvirtd", (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim());
        var killed = await _runner.RunAsync(new CommandRequest("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]), CancellationToken.None);
        Assert.True(killed.Succeeded, $"kill -{signal} {pid}: {killed.StandardError}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"libvirtd {pid} was still running 30 s after SIG{signal}.");
        return pid;
    }
}
