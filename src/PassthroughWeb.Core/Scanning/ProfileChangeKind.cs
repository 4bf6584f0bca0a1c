namespace PassthroughWeb.Core.Scanning;

/// <summary>What kind of difference <see cref="ProfileComparison"/> found between two scans of a host.</summary>
public enum ProfileChangeKind
{
    IommuEnabled,
    IommuDisabled,
    KernelCommandLineChanged,
    DeviceAdded,
    DeviceRemoved,

    /// <summary>The same address holds a device with another vendor:device: a card was swapped.</summary>
    DeviceIdChanged,

    /// <summary>The same device (vendor:device, subsystem, class) is gone from one address and found at another: a card moved slots.</summary>
    DeviceMoved,
    IommuGroupChanged,
    DriverChanged,
    GpuVerdictChanged,
}
