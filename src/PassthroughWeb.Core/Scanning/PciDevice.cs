namespace PassthroughWeb.Core.Scanning;

/// <summary>One PCI function as sysfs shows it. IDs are lower-case 4-digit hex.</summary>
public sealed record PciDevice
{
    public required PciAddress Address { get; init; }
    public required string VendorId { get; init; }
    public required string DeviceId { get; init; }
    public string? SubsystemVendorId { get; init; }
    public string? SubsystemDeviceId { get; init; }

    /// <summary>Base class and subclass, e.g. <c>0300</c>.</summary>
    public required string ClassCode { get; init; }
    public string? ProgIf { get; init; }
    public string? Revision { get; init; }

    public string? VendorName { get; init; }
    public string? DeviceName { get; init; }
    public string? ClassName { get; init; }

    /// <summary>The driver bound now, or null when none is.</summary>
    public string? Driver { get; init; }

    /// <summary>The IOMMU group, or null when the device is in none (IOMMU off, or broken sysfs).</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Whether the firmware used this device as its boot display; null when the file is absent (not a VGA device).</summary>
    public bool? BootVga { get; init; }

    /// <summary>The kernel's reset methods in order; empty when the device cannot be reset; null when the kernel does not say (before 5.15).</summary>
    public IReadOnlyList<string>? ResetMethods { get; init; }

    public string? DriverOverride { get; init; }

    /// <summary>
    /// Where the device sits under <c>/sys/devices</c>, e.g. <c>/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0</c>:
    /// the bridges above it, in order, as the kernel enumerated them. Null when unknown (scans stored before it was read).
    /// </summary>
    public string? SysfsPath { get; init; }

    /// <summary>What was wrong in sysfs while reading this device, in words.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary><c>vvvv:dddd</c>, the form <c>vfio-pci ids=</c> takes.</summary>
    public string VendorDevice => $"{VendorId}:{DeviceId}";

    /// <summary>A readable name: the pci.ids names when known, otherwise the class and the IDs.</summary>
    public string DisplayName =>
        DeviceName is not null
            ? (VendorName is not null ? $"{VendorName} {DeviceName}" : DeviceName)
            : $"{ClassName ?? PciClass.Describe(ClassCode)} [{VendorDevice}]";
}
