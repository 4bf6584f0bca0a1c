namespace PassthroughWeb.Core.Scanning;

/// <summary>One difference between two hardware profiles of a host.</summary>
public sealed record ProfileChange
{
    public required ProfileChangeKind Kind { get; init; }

    /// <summary>The device concerned; null for host-wide changes (IOMMU, kernel command line).</summary>
    public PciAddress? Address { get; init; }

    /// <summary>The old value in short (a vendor:device, a group number, a driver, a command line); null when there was none.</summary>
    public string? Before { get; init; }

    /// <summary>The new value in short; null when there is none now.</summary>
    public string? After { get; init; }

    /// <summary>The change in one sentence.</summary>
    public required string Description { get; init; }
}
