using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What was rehearsed: the kernel, how its image was built, and the QEMU command that booted it.</summary>
public sealed record RehearsalSetup
{
    public required string KernelVersion { get; init; }
    public required InitramfsSystem InitramfsSystem { get; init; }
    public required RehearsalIommu Iommu { get; init; }
    public required QemuAccelerator Accelerator { get; init; }
    public required IReadOnlyList<EmulatedDisplay> Displays { get; init; }
    public required string CommandLine { get; init; }

    /// <summary>The QEMU command as it ran (for display: it ran as an argument list).</summary>
    public required string QemuCommand { get; init; }
}
