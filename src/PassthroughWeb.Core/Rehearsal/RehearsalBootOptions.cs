namespace PassthroughWeb.Core.Rehearsal;

/// <summary>How one boot of a prepared rehearsal is set up; the defaults follow the host.</summary>
public sealed record RehearsalBootOptions
{
    /// <summary>Null: the host CPU vendor's IOMMU (Intel VT-d or AMD-Vi).</summary>
    public RehearsalIommu? Iommu { get; init; }

    /// <summary>Null: the host's display devices QEMU can emulate, at their addresses.</summary>
    public IReadOnlyList<EmulatedDisplay>? Displays { get; init; }

    /// <summary>Parameters appended after the planned command line (the last occurrence of a name wins).</summary>
    public IReadOnlyList<string> ExtraParameters { get; init; } = [];

    /// <summary>Auto: probe KVM (a few seconds), use it when it works, and fall back to TCG when its boot stays silent.</summary>
    public AcceleratorChoice Accelerator { get; init; } = AcceleratorChoice.Auto;

    /// <summary>How long a boot under KVM may write nothing on its console before it counts as hung and is stopped.</summary>
    public TimeSpan KvmSilence { get; init; } = DefaultKvmSilence;

    /// <summary>
    /// A working KVM prints the kernel's first lines well within a second; 25 s leaves room for a loaded host while
    /// costing less than one TCG boot.
    /// </summary>
    public static readonly TimeSpan DefaultKvmSilence = TimeSpan.FromSeconds(25);

    /// <summary>Virtual CPUs of the guest.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>How long the guest may take to report and power off before QEMU is stopped.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
}
