using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>A PCI device the host cannot lose: the controller of its root or /boot disk, or of the network interface of its default route.</summary>
public sealed record HostCriticalDevice
{
    public required PciAddress Address { get; init; }
    public required IsolationRefusalKind Kind { get; init; }

    /// <summary>What depends on it, in words ("the / filesystem (/dev/nvme0n1p2, via nvme0n1)").</summary>
    public required string Role { get; init; }
}
