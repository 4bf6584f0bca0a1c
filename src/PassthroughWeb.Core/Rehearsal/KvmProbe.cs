using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Whether KVM really runs a guest here. /dev/kvm existing is not enough: on some machines (a kvm module that is not
/// the real one) QEMU hangs at the first instruction. The probe boots a 64 KiB firmware whose reset vector writes to
/// QEMU's isa-debug-exit port, which ends QEMU at once with exit code 1; anything else within a few seconds means KVM
/// does not work and the rehearsal uses TCG.
/// </summary>
public static class KvmProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Exit code of QEMU when the guest writes 0 to isa-debug-exit: (0 &lt;&lt; 1) | 1.</summary>
    private const int ProbeExitCode = 1;

    public static async Task<(QemuAccelerator Accelerator, string Explanation)> ChooseAsync(ICommandRunner runner, bool kvmDeviceExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (!kvmDeviceExists) return (QemuAccelerator.Tcg, "/dev/kvm does not exist: the guest runs on TCG (slower, about 15 s per boot).");
        var works = await RunsAsync(runner, QemuAccelerator.Kvm, cancellationToken).ConfigureAwait(false);
        return works
            ? (QemuAccelerator.Kvm, "KVM runs a guest here: the rehearsal uses it.")
            : (QemuAccelerator.Tcg, $"/dev/kvm exists, but QEMU could not run a guest with KVM within {Timeout.TotalSeconds:0} s: the guest runs on TCG.");
    }

    /// <summary>Boots the probe firmware with the accelerator; true when it ran to its exit instruction in time.</summary>
    public static async Task<bool> RunsAsync(ICommandRunner runner, QemuAccelerator accelerator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        using var scratch = ScratchDirectory.Create("passthroughweb-kvm-probe-");
        var firmware = scratch.WriteBytes("probe.bin", Firmware());
        var result = await runner.RunAsync(new CommandRequest(QemuArguments.Program, Arguments(firmware, accelerator)) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);
        return result.Started && !result.TimedOut && result.ExitCode == ProbeExitCode;
    }

    public static IReadOnlyList<string> Arguments(string firmware, QemuAccelerator accelerator) =>
    [
        "-M", "q35", "-accel", accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg",
        "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "none", "-no-reboot",
        "-bios", firmware, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ];

    /// <summary>64 KiB of <c>hlt</c>, with <c>mov al,0; out 0xf4,al; hlt</c> at the reset vector (offset 0xfff0).</summary>
    public static byte[] Firmware()
    {
        var image = new byte[64 * 1024];
        Array.Fill(image, (byte)0xf4);
        byte[] reset = [0xb0, 0x00, 0xe6, 0xf4, 0xf4];
        reset.CopyTo(image, 0xfff0);
        return image;
    }
}
