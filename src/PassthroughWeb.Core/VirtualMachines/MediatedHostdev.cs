namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// A mediated device (<c>&lt;hostdev type='mdev'&gt;</c>): a slice of a host GPU (NVIDIA vGPU, Intel GVT-g) made by the
/// host driver. It is not PCI passthrough: the host keeps the card and its driver.
/// </summary>
public sealed record MediatedHostdev
{
    /// <summary>The mdev's UUID (<c>&lt;source&gt;&lt;address uuid='…'/&gt;</c>).</summary>
    public required string? Uuid { get; init; }

    /// <summary><c>vfio-pci</c>, <c>vfio-ccw</c> …</summary>
    public required string? Model { get; init; }
}
