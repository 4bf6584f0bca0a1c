using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// The real command runner, which stops a libvirtd with <paramref name="signal"/> in the middle of a VM change, and waits
/// until the daemon is gone, so that virsh meets a libvirt that has just gone away, as on a host where libvirtd is
/// stopped, restarted by an upgrade or killed by the OOM killer. <see cref="BeforeDefine"/>: just before the first
/// <c>virsh … define</c> runs (the change reaching libvirt); <see cref="BeforeReadBack"/>: once the define went
/// through, just before the new definition is read back.
/// </summary>
internal sealed class DaemonStoppingRunner(string pidFile, string signal, string moment) : ICommandRunner
{
    public const string BeforeDefine = "define";
    public const string BeforeReadBack = "read-back";

    private readonly ProcessCommandRunner _runner = new();
    private bool _defined;

    /// <summary>The daemon's process id once it was stopped; null while the change has not reached libvirt.</summary>
    public int? Stopped { get; private set; }

    public List<CommandRequest> Requests { get; } = [];

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Add(request);
        var virsh = request.Program == "virsh";
        var now = moment == BeforeDefine
            ? virsh && request.Arguments.Contains("define")
            : virsh && _defined && request.Arguments.Contains("dumpxml");
        if (Stopped is null && now) Stopped = await StopDaemonAsync();
        var result = await _runner.RunAsync(request, cancellationToken);
        if (virsh && request.Arguments.Contains("define") && result.Succeeded) _defined = true;
        return result;
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
