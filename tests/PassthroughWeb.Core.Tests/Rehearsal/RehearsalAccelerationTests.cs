using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// Which accelerator a real rehearsal boots under on each kind of machine (no KVM, a working one, one that hangs),
/// whatever this machine has: KVM is simulated behind the command runner, every guest really runs under QEMU. Cases
/// that only check the choice stop the guest after a few seconds; the fallback case boots to the end.
/// </summary>
[Collection(RehearsalCollection.Name)]
public sealed class RehearsalAccelerationTests(RehearsalImages images)
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Auto_NoKvm_BootsUnderTcgSayingWhy()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Absent);

        var report = await BootAsync(kvm, new RehearsalBootOptions { Timeout = Short });

        Assert.Equal(["probe kvm", "kernel tcg"], kvm.QemuRuns);
        Assert.Equal(QemuAccelerator.Tcg, report.Setup!.Accelerator);
        Assert.Equal(new RehearsalAcceleration
        {
            Choice = AcceleratorChoice.Auto, Accelerator = QemuAccelerator.Tcg,
            Note = "KVM cannot be used here: Could not access KVM kernel module: No such file or directory: the guest runs on TCG (slower, about 15 s per boot).",
        }, report.Acceleration);
    }

    [Fact]
    public async Task Auto_WorkingKvm_BootsUnderKvmWithoutFallback()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Working);

        // The simulated KVM is TCG: its first console line may take longer than a real KVM's, so the deadline is wide.
        var report = await BootAsync(kvm, new RehearsalBootOptions { Timeout = Short, KvmSilence = TimeSpan.FromMinutes(1) });

        Assert.Equal(["probe kvm", "kernel kvm"], kvm.QemuRuns);
        Assert.Equal(QemuAccelerator.Kvm, report.Setup!.Accelerator);
        Assert.Contains("-accel kvm", report.Setup.QemuCommand, StringComparison.Ordinal);
        Assert.False(report.Acceleration!.KvmFallback);
        Assert.StartsWith("KVM runs a guest here", report.Acceleration.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_KvmThatHangsAfterTheProbe_StopsTheSilentBootAndPassesUnderTcg()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.HangsAfterProbe);
        var lines = new List<string>();

        var report = await BootAsync(kvm, new RehearsalBootOptions { Timeout = TimeSpan.FromMinutes(2), KvmSilence = TimeSpan.FromSeconds(2) }, lines);

        Assert.True(report.Passed, $"{report.Outcome}: {report.Summary}\n{report.ConsoleLog}");
        Assert.Equal(["probe kvm", "kernel kvm", "kernel tcg"], kvm.QemuRuns);
        Assert.Equal(QemuAccelerator.Tcg, report.Setup!.Accelerator);
        Assert.True(report.Acceleration!.KvmFallback);
        Assert.Equal(QemuAccelerator.Tcg, report.Acceleration.Accelerator);
        Assert.Contains("wrote nothing on its console within 2 s and was stopped", report.Acceleration.Note, StringComparison.Ordinal);
        Assert.Contains(report.Acceleration.Note, lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("Booting under QEMU", StringComparison.Ordinal)));
        Assert.Empty(RealRehearsalTests.QemuProcessesUsing(await TemporaryDirectoryAsync()));
    }

    [Fact]
    public async Task Kvm_KvmThatHangsAfterTheProbe_StopsAtTheDeadlineAndReportsKvmUnavailable()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.HangsAfterProbe);

        var report = await BootAsync(kvm, new RehearsalBootOptions { Accelerator = AcceleratorChoice.Kvm, KvmSilence = TimeSpan.FromSeconds(2) });

        Assert.Equal(RehearsalOutcome.KvmUnavailable, report.Outcome);
        Assert.Equal(["probe kvm", "kernel kvm"], kvm.QemuRuns);
        Assert.Null(report.Acceleration!.Accelerator);
        Assert.Equal(report.Acceleration.Note, report.Summary);
        Assert.StartsWith("KVM only was chosen, but the guest booted under KVM wrote nothing", report.Summary, StringComparison.Ordinal);
        Assert.True(report.Duration < TimeSpan.FromSeconds(60), $"{report.Duration}: the deadline, not the 3-minute timeout, stopped it");
        Assert.Empty(RealRehearsalTests.QemuProcessesUsing(await TemporaryDirectoryAsync()));
    }

    [Fact]
    public async Task Kvm_NoKvm_BootsNothing()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Absent);

        var report = await BootAsync(kvm, new RehearsalBootOptions { Accelerator = AcceleratorChoice.Kvm });

        Assert.Equal(RehearsalOutcome.KvmUnavailable, report.Outcome);
        Assert.Equal(["probe kvm"], kvm.QemuRuns);
        Assert.Null(report.Setup);
        Assert.Contains("Could not access KVM kernel module", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_KvmWhoseGuestsAllHang_TheProbeSeesItAndTheKernelBootsUnderTcg()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Hangs);

        var report = await BootAsync(kvm, new RehearsalBootOptions { Timeout = Short });

        Assert.Equal(["probe kvm", "kernel tcg"], kvm.QemuRuns);
        Assert.False(report.Acceleration!.KvmFallback);
        Assert.Contains("KVM half-works here", report.Acceleration.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcg_RunsNoProbe()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Working);

        var report = await BootAsync(kvm, new RehearsalBootOptions { Accelerator = AcceleratorChoice.Tcg, Timeout = Short });

        Assert.Equal(["kernel tcg"], kvm.QemuRuns);
        Assert.Equal(AcceleratorChoice.Tcg, report.Acceleration!.Choice);
    }

    private async Task<string> TemporaryDirectoryAsync() =>
        (await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3)).Prepared.TemporaryDirectory;

    private async Task<RehearsalReport> BootAsync(SimulatedKvm kvm, RehearsalBootOptions options, List<string>? lines = null)
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);
        var report = await new RehearsalRunner(kvm).BootAsync(built.Prepared, options, new SynchronousProgress(lines ?? []), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(report.Summary);
        return report;
    }
}
