namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What the guest reported on its console before it powered off.</summary>
public sealed record RehearsalEvidence
{
    /// <summary>The evidence script started: the kernel unpacked the image and its init got that far.</summary>
    public required bool Began { get; init; }

    /// <summary>The evidence script wrote its last line: everything below is whole.</summary>
    public required bool Ended { get; init; }

    /// <summary>Which initramfs system's init ran the script.</summary>
    public string? System { get; init; }

    /// <summary>The guest's /proc/cmdline.</summary>
    public string? CommandLine { get; init; }

    public IReadOnlyList<GuestDevice> Devices { get; init; } = [];

    /// <summary>How many IOMMU groups the guest kernel made (null: not reported).</summary>
    public int? IommuGroups { get; init; }

    /// <summary>The loaded modules (/proc/modules), as the kernel names them (vfio_pci).</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>When systemd-udevd started, in seconds since boot; null when it was not running.</summary>
    public double? UdevStartedAt { get; init; }

    /// <summary>Kernel messages about vfio, the IOMMU and drivers taking devices.</summary>
    public IReadOnlyList<KernelMessage> KernelMessages { get; init; } = [];

    /// <summary>The binding script's own messages (<c>vfio-bind: …</c>), in order.</summary>
    public IReadOnlyList<KernelMessage> BindingMessages =>
        [.. KernelMessages.Where(m => m.Text.StartsWith(BindingPrefix, StringComparison.Ordinal))];

    public const string BindingPrefix = "vfio-bind: ";
}
