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

    /// <summary>Null: probe KVM (a few seconds), else TCG.</summary>
    public QemuAccelerator? Accelerator { get; init; }

    /// <summary>Virtual CPUs of the guest.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>How long the guest may take to report and power off before QEMU is stopped.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
}
