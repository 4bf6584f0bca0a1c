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

    /// <summary>For the kernel command line: the parameters it gained, in their order. Empty for other changes.</summary>
    public IReadOnlyList<string> AddedParameters { get; init; } = [];

    /// <summary>For the kernel command line: the parameters it lost, in their old order. Empty for other changes.</summary>
    public IReadOnlyList<string> RemovedParameters { get; init; } = [];

    /// <summary>Where a reader looks for this change (<see cref="ProfileChangeArea"/>).</summary>
    public ProfileChangeArea Area => Kind switch
    {
        ProfileChangeKind.IommuEnabled or ProfileChangeKind.IommuDisabled or ProfileChangeKind.KernelCommandLineChanged => ProfileChangeArea.Boot,
        ProfileChangeKind.DeviceAdded or ProfileChangeKind.DeviceRemoved or ProfileChangeKind.DeviceIdChanged or ProfileChangeKind.DeviceMoved => ProfileChangeArea.Devices,
        ProfileChangeKind.IommuGroupChanged => ProfileChangeArea.IommuGroups,
        ProfileChangeKind.DriverChanged => ProfileChangeArea.Drivers,
        _ => ProfileChangeArea.Verdicts,
    };
}
