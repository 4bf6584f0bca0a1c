using PassthroughWeb.Components.Shared;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>One PCI function as a row or a line on the page.</summary>
public sealed record DeviceLine
{
    public required PciAddress Address { get; init; }
    /// <summary>The device's name from pci.ids, or its class when pci.ids does not name it (see <see cref="IsNamed"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The name without the vendor, for lists inside one card where the vendor goes without saying.</summary>
    public required string ShortName { get; init; }

    /// <summary>False when <see cref="Name"/> is only the class: the page shows it muted.</summary>
    public bool IsNamed { get; init; }
    public required string ClassName { get; init; }
    public required string VendorDevice { get; init; }
    public string? Driver { get; init; }
    public int? Group { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>An imported listing that prints no drivers: a missing driver is not known to be missing.</summary>
    public bool DriverUnknown { get; init; }

    /// <summary>An imported listing without IOMMU groups: a missing group is not known to be missing.</summary>
    public bool GroupUnknown { get; init; }

    /// <summary>The device as the report has it; a bare address when the report does not list it (broken sysfs).</summary>
    public static DeviceLine From(PciAddress address, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var device = report.FindDevice(address);
        if (device is null)
            return new DeviceLine { Address = address, Name = "(not in sys/bus/pci/devices)", ShortName = "(not in sys/bus/pci/devices)", ClassName = "", VendorDevice = "" };
        return new DeviceLine
        {
            Address = address,
            Name = device.DeviceName is null
                ? device.ClassName ?? PciClass.Describe(device.ClassCode)
                : (device.VendorName is null ? device.DeviceName : $"{DeviceNames.ShortVendor(device.VendorName)} {device.DeviceName}"),
            ShortName = device.DeviceName ?? device.ClassName ?? PciClass.Describe(device.ClassCode),
            IsNamed = device.DeviceName is not null,
            ClassName = device.ClassName ?? PciClass.Describe(device.ClassCode),
            VendorDevice = device.VendorDevice,
            Driver = device.Driver,
            Group = device.IommuGroup,
            Problems = device.Problems,
            DriverUnknown = report.Import is not null && device.Driver is null && report.Devices.All(d => d.Driver is null),
            GroupUnknown = report.Import is not null && device.IommuGroup is null && !report.Iommu.Enabled,
        };
    }
}
