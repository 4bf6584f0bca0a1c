using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class KvmProbeTests
{
    [Fact]
    public async Task RunsAsync_ProbeFirmwareUnderTcg_ReachesLongModeWritesItsMarkerAndExits()
    {
        // The same firmware the KVM probe boots: under TCG it must get all the way, or the probe proves nothing.
        Assert.True(await KvmProbe.RunsAsync(new ProcessCommandRunner(), QemuAccelerator.Tcg, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProbeAsync_WithoutKvm_SaysWhyInQemusOwnWords()
    {
        var probe = await KvmProbe.ProbeAsync(new SimulatedKvm(SimulatedKvm.Kind.Absent), TestContext.Current.CancellationToken);

        Assert.False(probe.Works);
        Assert.Equal("KVM cannot be used here: Could not access KVM kernel module: No such file or directory", probe.Explanation);
    }

    [Fact]
    public async Task ProbeAsync_WorkingKvm_Works()
    {
        var kvm = new SimulatedKvm(SimulatedKvm.Kind.Working);

        var probe = await KvmProbe.ProbeAsync(kvm, TestContext.Current.CancellationToken);

        Assert.True(probe.Works, probe.Explanation);
        Assert.Equal(["probe kvm"], kvm.QemuRuns);
    }

    [Fact]
    public async Task ProbeAsync_KvmWhoseGuestsHang_FailsAfterItsTimeoutSayingKvmHalfWorks()
    {
        var probe = await KvmProbe.ProbeAsync(new SimulatedKvm(SimulatedKvm.Kind.Hangs), TestContext.Current.CancellationToken);

        Assert.False(probe.Works);
        Assert.Contains("did not reach long mode and write to its serial port within 5 s", probe.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_QemuExitsAsTheProbeWouldButNothingReachedTheConsole_DoesNotCountAsWorking()
    {
        // The exit code alone is what the old real-mode probe trusted; only the marker on the console proves long mode.
        var probe = await KvmProbe.ProbeAsync(new ExitsWithoutConsole(), TestContext.Current.CancellationToken);

        Assert.False(probe.Works);
        Assert.Contains("never wrote to its serial port", probe.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_JumpsFromTheResetVectorToCodeThatCarriesTheMarker()
    {
        var image = KvmProbe.Firmware();

        Assert.Equal(64 * 1024, image.Length);
        // jmp near to 0xff00, relative to the end of the 3-byte instruction at 0xfff0.
        Assert.Equal(new byte[] { 0xe9, 0x0d, 0xff }, image[0xfff0..0xfff3]);
        Assert.Equal(0xff00, 0xfff3 + (short)(image[0xfff1] | (image[0xfff2] << 8)));
        Assert.Equal(0xfa, image[0xff00]);
        Assert.Contains(KvmProbe.Marker + "\n", System.Text.Encoding.ASCII.GetString(image), StringComparison.Ordinal);
    }

    /// <summary>QEMU as a runner that ends with the probe's exit code but never ran the guest.</summary>
    private sealed class ExitsWithoutConsole : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) => Task.FromResult(new CommandResult(1, "", ""));
    }
}
