using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>A display device as the rehearsal guest saw it, from one evidence line.</summary>
public sealed record GuestDevice
{
    public required PciAddress Address { get; init; }
    public required string VendorId { get; init; }
    public required string DeviceId { get; init; }

    /// <summary>The class as sysfs shows it (<c>0x030000</c>).</summary>
    public required string Class { get; init; }

    /// <summary>The bound driver (<c>vfio-pci</c>, <c>bochs-drm</c>), or null when none is.</summary>
    public string? Driver { get; init; }

    public int? IommuGroup { get; init; }

    /// <summary><c>driver_override</c>, or null when it is unset (<c>(null)</c> in sysfs).</summary>
    public string? DriverOverride { get; init; }

    public string VendorDevice => $"{VendorId}:{DeviceId}";
}
