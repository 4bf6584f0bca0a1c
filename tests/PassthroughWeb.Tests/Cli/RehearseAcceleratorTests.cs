using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Rehearsal;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// <c>rehearse --accel</c> and <c>--kvm-silence</c> on real argv, on each kind of machine whatever this one is: KVM is
/// simulated behind the command runner (absent, working, hanging after the probe), every image is really built and
/// every guest really runs under QEMU. Cases that only check the choice let <c>--timeout</c> stop the guest early.
/// </summary>
[Collection(RehearseCommandCollection.Name)]
public sealed class RehearseAcceleratorTests(RehearseAcceleratorTests.Host host) : IClassFixture<RehearseAcceleratorTests.Host>
{
    /// <summary>The guide's workstation in miniature with Debian's real kernel, shared by the tests here.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private RehearsalHost? _host;
        public string Path => _host!.Path;

        public async ValueTask InitializeAsync() =>
            _host = await RehearsalHost.CreateAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, CancellationToken.None);

        public ValueTask DisposeAsync()
        {
            _host?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task AccelKvm_NoKvm_ExitsKvmUnavailableSayingWhyAndWhatToUseInstead()
    {
        using var data = new TemporaryDataDirectory();

        var run = await RehearseAsync(SimulatedKvm.Kind.Absent, data, "--accel", "kvm");

        Assert.True(run.ExitCode == ExitCodes.KvmUnavailable, run.ToString());
        Assert.Contains("Outcome  kvm-unavailable", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Accel    none (asked: kvm): KVM only was chosen, but it does not work here: KVM cannot be used here: Could not access KVM kernel module: No such file or directory. Choose auto (KVM where it works, else TCG) or TCG.",
            run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Booting under QEMU", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccelKvm_KvmThatHangs_StopsAtTheSilenceDeadlineAndExitsKvmUnavailable()
    {
        using var data = new TemporaryDataDirectory();

        var run = await RehearseAsync(SimulatedKvm.Kind.HangsAfterProbe, data, "--accel", "kvm", "--kvm-silence", "2", "--json");

        Assert.True(run.ExitCode == ExitCodes.KvmUnavailable, run.ToString());
        var report = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("kvm-unavailable", report.GetProperty("outcome").GetString());
        Assert.Equal("kvm", report.GetProperty("acceleratorChoice").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("accelerator").ValueKind);
        Assert.Contains("wrote nothing on its console within 2 s", report.GetProperty("acceleratorNote").GetString(), StringComparison.Ordinal);
        Assert.False(report.GetProperty("kvmFallback").GetBoolean());
    }

    [Fact]
    public async Task Auto_KvmThatHangsAfterTheProbe_FallsBackToTcgPassesAndSaysSoInTheReportAndTheHistory()
    {
        using var data = new TemporaryDataDirectory();

        var run = await RehearseAsync(SimulatedKvm.Kind.HangsAfterProbe, data, "--kvm-silence", "2", "--timeout", "150", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var report = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("passed", report.GetProperty("outcome").GetString());
        Assert.Equal("auto", report.GetProperty("acceleratorChoice").GetString());
        Assert.Equal("tcg", report.GetProperty("accelerator").GetString());
        Assert.True(report.GetProperty("kvmFallback").GetBoolean());
        var note = report.GetProperty("acceleratorNote").GetString()!;
        Assert.Equal("The guest booted under KVM wrote nothing on its console within 2 s and was stopped (KVM runs the probe but not this kernel here): booted again under TCG.", note);
        Assert.Contains("-accel tcg", report.GetProperty("qemuCommand").GetString(), StringComparison.Ordinal);
        Assert.Contains(note, run.StandardError, StringComparison.Ordinal);

        var history = await CliRun.RunAsync("history", "--root", host.Path, "--json", "--data", data.Path);
        var recorded = Assert.Single(JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "rehearsal");
        Assert.EndsWith("Accelerator TCG: " + note, recorded.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_WorkingKvm_BootsUnderKvm()
    {
        using var data = new TemporaryDataDirectory();

        // The simulated KVM is TCG: a 5 s timeout stops it early; only the choice is checked here.
        var run = await RehearseAsync(SimulatedKvm.Kind.Working, data, "--timeout", "5", "--kvm-silence", "120", "--json");

        Assert.True(run.ExitCode == ExitCodes.RehearsalFailed, run.ToString());
        var report = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("timed-out", report.GetProperty("outcome").GetString());
        Assert.Equal("kvm", report.GetProperty("accelerator").GetString());
        Assert.False(report.GetProperty("kvmFallback").GetBoolean());
        Assert.Contains("-accel kvm", report.GetProperty("qemuCommand").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_NoKvm_BootsUnderTcgSayingWhy()
    {
        using var data = new TemporaryDataDirectory();

        var run = await RehearseAsync(SimulatedKvm.Kind.Absent, data, "--timeout", "5", "--json");

        var report = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("tcg", report.GetProperty("accelerator").GetString());
        Assert.StartsWith("KVM cannot be used here: Could not access KVM kernel module", report.GetProperty("acceleratorNote").GetString(), StringComparison.Ordinal);
        Assert.False(report.GetProperty("kvmFallback").GetBoolean());
    }

    [Theory]
    [InlineData("--accel", "fast")]
    [InlineData("--kvm-silence", "0")]
    public async Task BadAcceleratorOptions_AreUsageErrors(string option, string value)
    {
        using var data = new TemporaryDataDirectory();

        var run = await RehearseAsync(SimulatedKvm.Kind.Working, data, option, value);

        Assert.True(run.ExitCode == ExitCodes.UsageError, run.ToString());
        Assert.Empty(run.StandardOutput);
    }

    private Task<CliRun> RehearseAsync(SimulatedKvm.Kind kind, TemporaryDataDirectory data, params string[] options) =>
        CliRun.RunAsync(CliServices.Default with { CommandRunner = new SimulatedKvm(kind) },
            ["rehearse", "--gpu", "00:04.0", "--steps", "host,isolate", "--root", host.Path, "--data", data.Path, .. options]);
}
