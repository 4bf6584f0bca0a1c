using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Topology;

/// <summary>One box of the PCI tree: a root complex, a bridge, a device, or a bus whose bridge the scan does not show.</summary>
public sealed record TopologyNode
{
    /// <summary>Unique in its topology: the PCI address for devices, <c>pci0000:00</c> for a root complex, <c>bus 0000:07</c> for an unlinked bus.</summary>
    public required string Id { get; init; }
    public required TopologyNodeKind Kind { get; init; }

    /// <summary>The PCI function; null for root complexes and unlinked buses.</summary>
    public PciDevice? Device { get; init; }

    /// <summary>The node above this one; null for a root complex.</summary>
    public string? ParentId { get; init; }

    /// <summary>0 for a root complex, one more per bridge below it.</summary>
    public required int Depth { get; init; }

    /// <summary>
    /// The link to the parent was inferred from bus numbers (the bridge on the lowest free bus, in the order firmware
    /// numbers buses), because the scan holds no sysfs path that shows it.
    /// </summary>
    public bool InferredLink { get; init; }

    public TopologyMarks Marks { get; init; }

    /// <summary>What the host needs the device for, in words, when <see cref="Marks"/> says it does.</summary>
    public string? HostRole { get; init; }

    /// <summary>A short text for the box: the address, or the root complex's or bus's name.</summary>
    public required string Label { get; init; }

    public PciAddress? Address => Device?.Address;

    public bool Has(TopologyMarks mark) => (Marks & mark) == mark;
}
