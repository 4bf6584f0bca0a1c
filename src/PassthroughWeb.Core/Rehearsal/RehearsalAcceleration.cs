namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What was asked of the accelerator, what ran the boot that was judged, and why.</summary>
public sealed record RehearsalAcceleration
{
    public required AcceleratorChoice Choice { get; init; }

    /// <summary>The accelerator of the boot the report judges; null when none was booted (<c>--accel kvm</c> without a working KVM).</summary>
    public QemuAccelerator? Accelerator { get; init; }

    /// <summary>Why this accelerator, in words (also when KVM was not used).</summary>
    public required string Note { get; init; }

    /// <summary>A KVM boot stayed silent past its deadline, was stopped, and the guest was booted again under TCG.</summary>
    public bool KvmFallback { get; init; }
}
