using PassthroughWeb.Core.Rehearsal;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class AcceleratorDecisionTests
{
    private static readonly KvmProbeResult Works = new(true, "KVM runs a guest here (the probe reached long mode and wrote to its serial port)");
    private static readonly KvmProbeResult Absent = new(false, "KVM cannot be used here: Could not access KVM kernel module: No such file or directory");

    [Fact]
    public void Tcg_NeedsNoProbeAndBootsUnderTcg()
    {
        Assert.False(AcceleratorDecision.NeedsProbe(AcceleratorChoice.Tcg));

        var first = AcceleratorDecision.First(AcceleratorChoice.Tcg, probe: null);

        Assert.Equal(QemuAccelerator.Tcg, first.Accelerator);
        Assert.Equal("TCG was chosen: the guest runs on QEMU's own CPU emulation.", first.Note);
    }

    [Theory]
    [InlineData(AcceleratorChoice.Auto)]
    [InlineData(AcceleratorChoice.Kvm)]
    public void WorkingKvm_BootsUnderKvm(AcceleratorChoice choice)
    {
        Assert.True(AcceleratorDecision.NeedsProbe(choice));

        var first = AcceleratorDecision.First(choice, Works);

        Assert.Equal(QemuAccelerator.Kvm, first.Accelerator);
        Assert.False(first.KvmFallback);
        Assert.StartsWith("KVM runs a guest here", first.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_KvmNotWorking_BootsUnderTcgSayingWhy()
    {
        var first = AcceleratorDecision.First(AcceleratorChoice.Auto, Absent);

        Assert.Equal(QemuAccelerator.Tcg, first.Accelerator);
        Assert.Equal("KVM cannot be used here: Could not access KVM kernel module: No such file or directory: the guest runs on TCG (slower, about 15 s per boot).", first.Note);
    }

    [Fact]
    public void Kvm_KvmNotWorking_BootsNothingAndNamesTheOtherChoices()
    {
        var first = AcceleratorDecision.First(AcceleratorChoice.Kvm, Absent);

        Assert.Null(first.Accelerator);
        Assert.Contains("Could not access KVM kernel module", first.Note, StringComparison.Ordinal);
        Assert.EndsWith("Choose auto (KVM where it works, else TCG) or TCG.", first.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_SilentKvmBoot_FallsBackToTcgOnceSayingSo()
    {
        var after = AcceleratorDecision.AfterSilentKvmBoot(AcceleratorChoice.Auto, TimeSpan.FromSeconds(25));

        Assert.Equal(QemuAccelerator.Tcg, after.Accelerator);
        Assert.True(after.KvmFallback);
        Assert.Equal("The guest booted under KVM wrote nothing on its console within 25 s and was stopped (KVM runs the probe but not this kernel here): booted again under TCG.", after.Note);
    }

    [Fact]
    public void Kvm_SilentKvmBoot_DoesNotFallBack()
    {
        var after = AcceleratorDecision.AfterSilentKvmBoot(AcceleratorChoice.Kvm, TimeSpan.FromSeconds(2.5));

        Assert.Null(after.Accelerator);
        Assert.False(after.KvmFallback);
        Assert.Contains("within 2.5 s", after.Note, StringComparison.Ordinal);
        Assert.EndsWith("Choose auto (KVM where it works, else TCG) or TCG.", after.Note, StringComparison.Ordinal);
    }
}
