using System.Globalization;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Which accelerator a rehearsal boots under, from what the user asked and what the KVM probe found, and what happens
/// when a KVM boot stays silent. Pure: the probe and the boot are run by <see cref="RehearsalRunner"/>.
/// </summary>
public static class AcceleratorDecision
{
    /// <summary>Words for the CLI and the step cards alike, which both offer auto, kvm and tcg.</summary>
    private const string ChooseOther = "Choose auto (KVM where it works, else TCG) or TCG.";

    /// <summary>Whether the probe must run before the first boot (only TCG needs no probe).</summary>
    public static bool NeedsProbe(AcceleratorChoice choice) => choice != AcceleratorChoice.Tcg;

    /// <summary>
    /// The accelerator of the first boot. Its <see cref="RehearsalAcceleration.Accelerator"/> is null when the user
    /// asked for KVM and the probe shows it does not work: then nothing is booted.
    /// </summary>
    public static RehearsalAcceleration First(AcceleratorChoice choice, KvmProbeResult? probe)
    {
        if (choice == AcceleratorChoice.Tcg)
            return new() { Choice = choice, Accelerator = QemuAccelerator.Tcg, Note = "TCG was chosen: the guest runs on QEMU's own CPU emulation." };
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Works) return new() { Choice = choice, Accelerator = QemuAccelerator.Kvm, Note = probe.Explanation + ": the rehearsal boots under KVM." };
        return choice == AcceleratorChoice.Kvm
            ? new() { Choice = choice, Note = $"KVM only was chosen, but it does not work here: {probe.Explanation}. {ChooseOther}" }
            : new() { Choice = choice, Accelerator = QemuAccelerator.Tcg, Note = probe.Explanation + ": the guest runs on TCG (slower, about 15 s per boot)." };
    }

    /// <summary>
    /// After a KVM boot wrote nothing on its console within <paramref name="silence"/> and was stopped: under auto, one
    /// retry under TCG; under <c>--accel kvm</c>, nothing more (Accelerator null).
    /// </summary>
    public static RehearsalAcceleration AfterSilentKvmBoot(AcceleratorChoice choice, TimeSpan silence)
    {
        var seconds = silence.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var what = $"the guest booted under KVM wrote nothing on its console within {seconds} s and was stopped (KVM runs the probe but not this kernel here)";
        return choice == AcceleratorChoice.Kvm
            ? new() { Choice = choice, Note = $"KVM only was chosen, but {what}. {ChooseOther}" }
            : new() { Choice = choice, Accelerator = QemuAccelerator.Tcg, KvmFallback = true, Note = char.ToUpperInvariant(what[0]) + what[1..] + ": booted again under TCG." };
    }
}
