using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class KvmProbeTests
{
    [Fact]
    public async Task RunsAsync_ProbeFirmwareUnderTcg_ReachesItsExitInstruction()
    {
        // The same firmware the KVM probe boots: under TCG it must run to its exit port, or the probe proves nothing.
        Assert.True(await KvmProbe.RunsAsync(new ProcessCommandRunner(), QemuAccelerator.Tcg, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChooseAsync_WithoutDevKvm_ChoosesTcgWithoutRunningQemu()
    {
        var (accelerator, why) = await KvmProbe.ChooseAsync(new ProcessCommandRunner(), kvmDeviceExists: false, TestContext.Current.CancellationToken);

        Assert.Equal(QemuAccelerator.Tcg, accelerator);
        Assert.Contains("/dev/kvm does not exist", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_IsOneBiosImageWithTheExitAtTheResetVector()
    {
        var image = KvmProbe.Firmware();

        Assert.Equal(64 * 1024, image.Length);
        Assert.Equal(new byte[] { 0xb0, 0x00, 0xe6, 0xf4, 0xf4 }, image[0xfff0..0xfff5]);
    }
}
