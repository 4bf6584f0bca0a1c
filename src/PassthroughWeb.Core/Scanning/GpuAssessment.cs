namespace PassthroughWeb.Core.Scanning;

/// <summary>One graphics card (all functions of its slot) and whether it can be passed to a VM.</summary>
public sealed record GpuAssessment
{
    /// <summary>The display function of the card.</summary>
    public required PciAddress Address { get; init; }
    public required string Name { get; init; }
    public required string VendorId { get; init; }

    /// <summary>Every function of the slot: VGA, HDMI audio, USB-C xHCI, UCSI …, in address order.</summary>
    public required IReadOnlyList<PciAddress> Functions { get; init; }

    /// <summary>The IOMMU groups the functions are in.</summary>
    public required IReadOnlyList<int> Groups { get; init; }

    public required GpuVerdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is, in words a first-time user understands.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Devices outside the card that share one of its groups and are not bridges.</summary>
    public required IReadOnlyList<PciAddress> GroupMates { get; init; }

    /// <summary>Devices outside the card with the same vendor:device as one of its functions: <c>vfio-pci ids=</c> would take them too.</summary>
    public required IReadOnlyList<PciAddress> IdCollisions { get; init; }

    /// <summary>Things to know before going on: boot display, collisions, reset quirks, critical devices.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public bool IsBootVga { get; init; }
}
