using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// The real command runner, which stops a libvirtd with <paramref name="signal"/> in the middle of a VM change, and waits
/// until the daemon is gone, so that virsh meets a libvirt that has just gone away, as on a host where libvirtd is
/// stopped, restarted by an upgrade or killed by the OOM killer. <see cref="BeforeDefine"/>: just before the first
/// <c>virsh … define</c> runs (the change reaching libvirt); <see cref="BeforeReadBack"/>: once the define went
/// through, just before the new definition is read back. With SIGSTOP the daemon stays, hung: virsh then waits for
/// an answer that never comes, and the test cuts virsh's wait from the engine's 2 minutes to
/// <see cref="HungTimeout"/> (the runner still enforces it, the engine still sees a command that timed out).
/// </summary>
internal sealed class DaemonStoppingRunner(string pidFile, string signal, string moment) : ICommandRunner
{
    public const string BeforeDefine = "define";
    public const string BeforeReadBack = "read-back";

    public static readonly TimeSpan HungTimeout = TimeSpan.FromSeconds(3);

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
        var hung = Stopped is not null && signal == "STOP" && virsh;
        var result = await _runner.RunAsync(hung ? request with { Timeout = HungTimeout } : request, cancellationToken);
        if (virsh && request.Arguments.Contains("define") && result.Succeeded) _defined = true;
        return result;
    }

    private async Task<int> StopDaemonAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.Equal("libvirtd", (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim());
        var killed = await _runner.RunAsync(new CommandRequest("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]), CancellationToken.None);
        Assert.True(killed.Succeeded, $"kill -{signal} {pid}: {killed.StandardError}");
        if (signal == "STOP")
        {
            var stopped = DateTime.UtcNow.AddSeconds(30);
            while (!(await File.ReadAllTextAsync($"/proc/{pid}/stat")).Split(')')[^1].TrimStart().StartsWith('T') && DateTime.UtcNow < stopped) await Task.Delay(20);
            return pid;
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"libvirtd {pid} was still running 30 s after SIG{signal}.");
        return pid;
    }
}
