using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Whether KVM really runs a guest here. /dev/kvm existing is not enough, nor is a guest that leaves real mode: on some
/// machines (nested hosts, some clouds and sandboxes) the reset vector runs, but a guest that switches to protected
/// mode (SeaBIOS does at once) hangs without a word. The probe boots a 64 KiB firmware that does what a kernel boot
/// needs (protected mode, paging, long mode, the serial port), writes <see cref="Marker"/> to the serial console from
/// 64-bit code, then ends QEMU through isa-debug-exit. Only the marker on the console and that exit, within a few
/// seconds, count as "KVM works".
/// </summary>
public static class KvmProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>What the probe guest writes to COM1 once it runs 64-bit code.</summary>
    public const string Marker = "PWKVMPROBE long mode";

    /// <summary>Exit code of QEMU when the guest writes 0 to isa-debug-exit: (0 &lt;&lt; 1) | 1.</summary>
    private const int ProbeExitCode = 1;

    private const string ConsoleLog = "probe-console.log";

    /// <summary>Boots the probe firmware under KVM and says whether it worked, and if not, why in words.</summary>
    public static async Task<KvmProbeResult> ProbeAsync(ICommandRunner runner, CancellationToken cancellationToken)
    {
        var (result, console) = await RunAsync(runner, QemuAccelerator.Kvm, cancellationToken).ConfigureAwait(false);
        if (!result.Started) return new(false, "QEMU could not be started to probe KVM: " + result.StandardError.Trim());
        if (result.TimedOut)
        {
            return new(false, console.Contains(Marker, StringComparison.Ordinal)
                ? $"KVM ran the probe guest to long mode, but QEMU did not stop within {Timeout.TotalSeconds:0} s"
                : $"/dev/kvm opens, but a guest under KVM did not reach long mode and write to its serial port within {Timeout.TotalSeconds:0} s (KVM half-works here)");
        }
        if (result.ExitCode == ProbeExitCode && console.Contains(Marker, StringComparison.Ordinal))
            return new(true, "KVM runs a guest here (the probe reached long mode and wrote to its serial port)");
        // QEMU says why it cannot use KVM (no /dev/kvm, no permission, the module not loaded) in its first error line;
        // it then exits with 1 too, which is why the marker decides.
        return result.StandardError.Trim().Length > 0
            ? new(false, "KVM cannot be used here: " + FirstLine(result.StandardError))
            : new(false, $"QEMU under KVM stopped (exit code {result.ExitCode}), but the probe guest never wrote to its serial port");
    }

    /// <summary>Boots the probe firmware with the accelerator; true when its marker reached the console and it ran to its exit instruction in time.</summary>
    public static async Task<bool> RunsAsync(ICommandRunner runner, QemuAccelerator accelerator, CancellationToken cancellationToken)
    {
        var (result, console) = await RunAsync(runner, accelerator, cancellationToken).ConfigureAwait(false);
        return result.Started && !result.TimedOut && result.ExitCode == ProbeExitCode && console.Contains(Marker, StringComparison.Ordinal);
    }

    private static async Task<(CommandResult Result, string Console)> RunAsync(ICommandRunner runner, QemuAccelerator accelerator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        using var scratch = ScratchDirectory.Create("passthroughweb-kvm-probe-");
        var firmware = scratch.WriteBytes("probe.bin", Firmware());
        var result = await runner.RunAsync(new CommandRequest(QemuArguments.Program, Arguments(firmware, scratch.PathOf(ConsoleLog), accelerator)) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);
        return (result, scratch.Root.TryReadText(ConsoleLog) ?? "");
    }

    public static IReadOnlyList<string> Arguments(string firmware, string consoleLog, QemuAccelerator accelerator) =>
    [
        "-M", "q35", "-accel", accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg",
        "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "file:" + consoleLog, "-no-reboot",
        "-bios", firmware, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ];

    /// <summary>Where the code sits in the image: the last 256 bytes, seen at 0xfff00 through the BIOS alias below 1 MiB.</summary>
    private const int CodeOffset = 0xff00;

    /// <summary>
    /// 64 KiB of <c>hlt</c> (a stray jump stops instead of running on), <see cref="Code"/> at 0xff00 and a jump to it
    /// at the reset vector (0xfff0), where the CPU starts.
    /// </summary>
    public static byte[] Firmware()
    {
        var image = new byte[64 * 1024];
        Array.Fill(image, (byte)0xf4);
        Code.CopyTo(image.AsSpan(CodeOffset));
        // jmp near 0xff00: rel16 = 0xff00 - (0xfff0 + 3).
        byte[] reset = [0xe9, 0x0d, 0xff];
        reset.CopyTo(image, 0xfff0);
        return image;
    }

    /// <summary>
    /// Assembled with GNU as (intel syntax) and checked with objdump; each group says why it is there. Linear addresses use the
    /// BIOS alias at 0xf0000 (code at 0xfff00) because it lies in the first 2 MiB, which one large page maps.
    /// </summary>
    private static ReadOnlySpan<byte> Code =>
    [
        // 16-bit, at reset (CS base 0xffff0000): no interrupt may run, as there is no IDT.
        0xfa,                                           // cli
        // The GDT is read through CS, as DS's base is 0 at reset and the image is not there.
        0x2e, 0x0f, 0x01, 0x16, 0xc0, 0xff,             // lgdt cs:[0xffc0]
        // Protected mode: SeaBIOS goes here at once, and this is where a half-working KVM stops.
        0x0f, 0x20, 0xc0, 0x0c, 0x01, 0x0f, 0x22, 0xc0, // mov eax,cr0; or al,1; mov cr0,eax
        0x66, 0xea, 0x17, 0xff, 0x0f, 0x00, 0x08, 0x00, // jmp dword 0x08:0xfff17 (32-bit code)

        // 32-bit: flat data segments, then page tables in RAM (QEMU starts with RAM zeroed: only three entries matter).
        0xb8, 0x10, 0x00, 0x00, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0, // mov eax,0x10; mov ds/es/ss,eax
        0xc7, 0x05, 0x00, 0x10, 0x00, 0x00, 0x03, 0x20, 0x00, 0x00,       // PML4[0] -> PDPT at 0x2000
        0xc7, 0x05, 0x00, 0x20, 0x00, 0x00, 0x03, 0x30, 0x00, 0x00,       // PDPT[0] -> PD at 0x3000
        0xc7, 0x05, 0x00, 0x30, 0x00, 0x00, 0x83, 0x00, 0x00, 0x00,       // PD[0]: a 2 MiB page at 0, which holds this code
        // Long mode needs PAE, the tables in CR3 and EFER.LME before paging is turned on.
        0x0f, 0x20, 0xe0, 0x0c, 0x20, 0x0f, 0x22, 0xe0,                   // cr4 |= PAE
        0xb8, 0x00, 0x10, 0x00, 0x00, 0x0f, 0x22, 0xd8,                   // cr3 = 0x1000
        0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0x80, 0xcc, 0x01, 0x0f, 0x30, // EFER (0xc0000080) |= LME
        0x0f, 0x20, 0xc0, 0x0d, 0x00, 0x00, 0x00, 0x80, 0x0f, 0x22, 0xc0, // cr0 |= PG: long mode is active
        0xea, 0x6e, 0xff, 0x0f, 0x00, 0x18, 0x00,                         // jmp 0x18:0xfff6e (64-bit code)

        // 64-bit: the marker is found RIP-relative, which only 64-bit code decodes so: a guest stuck in 32-bit
        // compatibility mode would read it from address 0x11 and write no marker.
        0x48, 0x8d, 0x35, 0x11, 0x00, 0x00, 0x00,       // lea rsi,[rip+0x11]
        // COM1: QEMU's 16550 sends a byte written to its data register without any set-up.
        0x66, 0xba, 0xf8, 0x03,                         // mov dx,0x3f8
        0xac, 0x84, 0xc0, 0x74, 0x03, 0xee, 0xeb, 0xf8, // next: lodsb; test al,al; jz done; out dx,al; jmp next
        // isa-debug-exit: QEMU ends at once with exit code 1, so the probe does not wait for its timeout.
        0xb0, 0x00, 0xe6, 0xf4, 0xf4,                   // done: mov al,0; out 0xf4,al; hlt
        // "PWKVMPROBE long mode\n\0" (Marker)
        0x50, 0x57, 0x4b, 0x56, 0x4d, 0x50, 0x52, 0x4f, 0x42, 0x45, 0x20, 0x6c, 0x6f, 0x6e, 0x67, 0x20, 0x6d, 0x6f, 0x64, 0x65, 0x0a, 0x00,
        0x00, 0x00, 0x00, 0x00,                         // padding: the GDT is 8-byte aligned
        // GDT: null, 0x08 flat 32-bit code, 0x10 flat data, 0x18 64-bit code (L set, D clear).
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x9a, 0xcf, 0x00,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x92, 0xcf, 0x00,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x9a, 0xaf, 0x00,
        // GDTR at 0xffc0: limit 31, base 0xfffa0 (fits lgdt's 24 bits in 16-bit mode).
        0x1f, 0x00, 0xa0, 0xff, 0x0f, 0x00,
    ];

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
}
