using System.Diagnostics;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Services.Locking;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// While another process holds the host's change lock (util-linux flock on the same file stands in for a web app
/// applying), apply, rollback and rehearse change nothing, say the host is busy, and exit 23.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostBusyExitCodeTests : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly List<Process> _holders = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var holder in _holders)
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
            holder.Dispose();
        }
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    private string LockPath => new HostChangeLock(_data.Path, TimeProvider.System).LockPathOf(HostScanner.ReadHostName(_host.Root));

    [Fact]
    public async Task ApplyRollbackRehearse_WhileAnotherProcessChangesTheHost_Exit23AndChangeNothing()
    {
        var applied = await Run("apply", "--gpu", Gpu, "--steps", "host", "--root", _host.Path, "--yes");
        Assert.True(applied.ExitCode == ExitCodes.Success, applied.ToString());
        var before = _host.Snapshot();
        var holder = await HoldAsync();

        var apply = await Run("apply", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path, "--yes");
        var rollback = await Run("rollback", applied.StandardOutput.Trim());
        var rehearse = await Run("rehearse", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path);

        Assert.Equal(23, ExitCodes.HostBusy);
        Assert.True(apply.ExitCode == ExitCodes.HostBusy, apply.ToString());
        Assert.Contains("is busy: another process holds its change lock", apply.StandardError, StringComparison.Ordinal);
        Assert.True(rollback.ExitCode == ExitCodes.HostBusy, rollback.ToString());
        Assert.Contains("Nothing was rolled back", rollback.StandardError + rollback.StandardOutput, StringComparison.Ordinal);
        Assert.True(rehearse.ExitCode == ExitCodes.HostBusy, rehearse.ToString());
        Assert.Contains("Not rehearsed: ", rehearse.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());

        holder.StandardInput.Close();
        await holder.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var again = await Run("rollback", applied.StandardOutput.Trim());
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
    }

    /// <summary><c>flock -n -o LOCK cat</c>: holds the lock until its stdin closes.</summary>
    private async Task<Process> HoldAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        var start = new ProcessStartInfo("flock") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", "-o", LockPath, "cat" }) start.ArgumentList.Add(argument);
        var holder = Process.Start(start)!;
        _holders.Add(holder);
        await holder.StandardInput.WriteLineAsync("holding".AsMemory(), Ct);
        await holder.StandardInput.FlushAsync(Ct);
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
        return holder;
    }
}
