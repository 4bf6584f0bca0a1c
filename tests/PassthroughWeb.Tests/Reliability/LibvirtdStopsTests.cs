using System.Diagnostics;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// libvirtd going away in the middle of step 4 on the guide's workstation: a daemon of the test's own (the demo's
/// private session libvirtd, never the machine's one, which other tests use) is stopped the moment the change reaches
/// libvirt. The apply fails at once saying libvirtd is gone, the VM's definition and every file are as they were, and
/// the history records the set as failed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LibvirtdStopsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly ProcessCommandRunner _runner = new();
    private DemoLibvirt _libvirt = null!;


    public ValueTask InitializeAsync()
    {
        _libvirt = new DemoLibvirt(_runner, _data.Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _libvirt.DisposeAsync();
        _host.Dispose();
        _data.Dispose();
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task ApplyStep4_LibvirtdStopsJustBeforeDefine_FailsNamingLibvirtdAndChangesNothing(string signal)
    {
        var (name, definition, definitionBefore) = await StartWithADomainAsync();
        var before = _host.Snapshot();
        var runner = new DaemonStoppingRunner(PidFile, signal, DaemonStoppingRunner.BeforeDefine);

        var (run, took) = await ApplyAsync(runner, name);

        Assert.NotNull(runner.Stopped);
        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.True(took < TimeSpan.FromSeconds(60), $"The apply took {took} after libvirtd went away.");
        Assert.Contains($"libvirtd at {_libvirt.Connection} stopped answering while {name} was being changed", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Every file and domain is back as it was. Start libvirtd again", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Undoing it was not complete", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Equal(definitionBefore, await File.ReadAllTextAsync(definition, Ct));
        var set = await FailedSetAsync();
        var define = set.GetProperty("commands").EnumerateArray().Single(c => c.GetProperty("command").GetString()!.Contains(" define ", StringComparison.Ordinal));
        Assert.NotEqual(0, define.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task ApplyStep4_LibvirtdKilledAfterDefineWentThrough_FailsSayingTheOldDefinitionIsStillToPutBack()
    {
        // libvirt took the new definition, then went away before it was read back: the old one cannot be put back
        // without it, and the error must not claim it was.
        var (name, definition, definitionBefore) = await StartWithADomainAsync();
        var before = _host.Snapshot();
        var runner = new DaemonStoppingRunner(PidFile, "KILL", DaemonStoppingRunner.BeforeReadBack);

        var (run, took) = await ApplyAsync(runner, name);

        Assert.NotNull(runner.Stopped);
        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.True(took < TimeSpan.FromSeconds(60), $"The apply took {took} after libvirtd went away.");
        Assert.Contains($"libvirtd at {_libvirt.Connection} stopped answering while {name} was being changed", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("back as it was", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"The change of {name} could not be wholly undone", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Undoing it was not complete", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("domain-00-before.xml", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("once libvirtd answers again", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        var now = await File.ReadAllTextAsync(definition, Ct);
        Assert.NotEqual(definitionBefore, now);
        Assert.Contains("<hostdev", now, StringComparison.Ordinal);
        // What is to be run by hand names a file that is still there.
        var file = System.Text.RegularExpressions.Regex.Match(run.StandardError, @"--file (\S+domain-00-before\.xml)").Groups[1].Value;
        Assert.True(File.Exists(file), $"The previous definition {file} named in the error is gone.");
        var set = await FailedSetAsync();
        Assert.Contains("Undoing it was not complete", set.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyStep4_LibvirtdHangsJustBeforeDefine_EndsAtTheTimeoutSayingSoAndPutsTheOldDefinitionBack()
    {
        // A libvirtd that is there but never answers (SIGSTOP): virsh would wait forever. The engine's 2-minute timeout
        // ends it (cut short here, see DaemonStoppingRunner); whether libvirt took the new definition is then unknown,
        // so the old one is put back too, which a hung daemon does not answer either: the error says both.
        var (name, definition, definitionBefore) = await StartWithADomainAsync();
        var before = _host.Snapshot();
        var runner = new DaemonStoppingRunner(PidFile, "STOP", DaemonStoppingRunner.BeforeDefine);
        CliRun run;
        TimeSpan took;
        try
        {
            (run, took) = await ApplyAsync(runner, name);
        }
        finally
        {
            if (runner.Stopped is { } pid) await _runner.RunAsync(new CommandRequest("kill", ["-CONT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]), CancellationToken.None);
        }

        Assert.NotNull(runner.Stopped);
        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.True(took < TimeSpan.FromSeconds(60), $"The apply took {took} against a hung libvirtd.");
        Assert.Contains($"libvirtd at {_libvirt.Connection} did not answer within 120 s while {name} was being changed, and virsh was stopped", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("back as it was", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Undoing it was not complete", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("domain-00-before.xml", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        await FailedSetAsync();
        // Woken again, libvirt holds one whole definition: the old one or the new one.
        var now = await File.ReadAllTextAsync(definition, Ct);
        Assert.True(now == definitionBefore || now.Contains("<hostdev", StringComparison.Ordinal), now);
    }

    private string PidFile => Path.Combine(_libvirt.Directory, "run", "libvirtd.pid");

    /// <summary>Starts the test's libvirtd with a shut-off domain defined there; returns its name and its definition file.</summary>
    private async Task<(string Name, string Definition, string DefinitionBefore)> StartWithADomainAsync()
    {
        if (await _libvirt.StartAsync(Ct) is { } problem)
        {
            if (problem.Contains("not installed", StringComparison.Ordinal)) Assert.Skip(problem);
            Assert.Fail(problem);
        }
        var name = LibvirtDaemon.NewDomainName("libvirtd-stops");
        await DefineAsync(name);
        // libvirt keeps a session domain's persistent definition here: what it would load when it starts again.
        var definition = Path.Combine(_libvirt.Directory, "home", ".config", "libvirt", "qemu", name + ".xml");
        return (name, definition, await File.ReadAllTextAsync(definition, Ct));
    }

    private async Task<(CliRun Run, TimeSpan Took)> ApplyAsync(DaemonStoppingRunner runner, string name)
    {
        var clock = Stopwatch.StartNew();
        var run = await CliRun.RunAsync(CliServices.Default with { CommandRunner = runner }, "apply", "--steps", "vm", "--vm", name, "--gpu", Gpu,
            "--connect", _libvirt.Connection, "--root", _host.Path, "--data", _data.Path, "--yes");
        output.WriteLine($"libvirtd {runner.Stopped} stopped; the apply ended in {clock.Elapsed.TotalSeconds:0.0} s:\n{run}");
        return (run, clock.Elapsed);
    }

    private async Task<JsonElement> FailedSetAsync()
    {
        var history = await CliRun.RunAsync("history", "--root", _host.Path, "--data", _data.Path, "--json");
        Assert.True(history.ExitCode == ExitCodes.Success, history.ToString());
        var set = Assert.Single(JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("changeSets").EnumerateArray());
        Assert.Equal("failed", set.GetProperty("state").GetString());
        Assert.Contains("libvirtd", set.GetProperty("error").GetString(), StringComparison.Ordinal);
        return set;
    }

    private async Task DefineAsync(string name)
    {
        using var file = TemporaryFile.Create(
            $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>" +
            "<os><type arch='x86_64' machine='q35'>hvm</type></os>" +
            "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>", ".xml");
        var defined = await _runner.RunAsync(new CommandRequest("virsh", ["-c", _libvirt.Connection, "define", "--file", file.Path]) { Timeout = TimeSpan.FromMinutes(1) }, Ct);
        Assert.True(defined.Succeeded, $"virsh define at {_libvirt.Connection}: {defined.StandardError}");
    }
}
