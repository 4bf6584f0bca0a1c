using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Rehearsal;

[JsonConverter(typeof(JsonStringEnumConverter<RehearsalOutcome>))]
public enum RehearsalOutcome
{
    /// <summary>The guest booted and every check held.</summary>
    [JsonStringEnumMemberName("passed")] Passed,

    /// <summary>The guest booted (or stopped early) and a check does not hold: the report says which and why.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The guest did not power off in time; QEMU was stopped.</summary>
    [JsonStringEnumMemberName("timed-out")] TimedOut,

    /// <summary>QEMU itself failed (it exited with an error before the guest reported).</summary>
    [JsonStringEnumMemberName("crashed")] Crashed,

    /// <summary>The rehearsal image could not be built (the image builder's error is in the report).</summary>
    [JsonStringEnumMemberName("image-failed")] ImageFailed,

    /// <summary>Something the rehearsal needs is missing here (QEMU, the initramfs program, the kernel image, a plan).</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,

    /// <summary>KVM was asked for (<c>--accel kvm</c>) and does not run the guest here: the probe failed or the KVM boot stayed silent.</summary>
    [JsonStringEnumMemberName("kvm-unavailable")] KvmUnavailable,
}
