using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Import;

/// <summary>
/// One PCI function as a user's listing shows it: an <c>lspci -nns</c> line, with the group it was printed
/// under and, for <c>lspci -nnk</c> output, the indented driver and subsystem lines that follow it.
/// IDs and class codes are lower-case hex as lspci prints them.
/// </summary>
public sealed record IommuListingEntry
{
    public required PciAddress Address { get; init; }

    /// <summary>The IOMMU group the line was listed under; null in a listing without groups (<c>lspci -nnk</c>).</summary>
    public int? Group { get; init; }

    /// <summary>The IOMMU unit the group was listed under (<c>dmar3</c>), only in tree listings that print it.</summary>
    public string? IommuUnit { get; init; }

    /// <summary>The class as lspci names it, e.g. <c>VGA compatible controller</c>.</summary>
    public required string ClassName { get; init; }

    /// <summary>Base class and subclass, e.g. <c>0300</c>.</summary>
    public required string ClassCode { get; init; }

    /// <summary>Null only when the line was cut off before the ID could be read.</summary>
    public string? VendorId { get; init; }

    /// <summary>Null when the line was cut off before the ID could be read whole.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The two hex digits of <c>(rev xx)</c>, or null when the line has none.</summary>
    public string? Revision { get; init; }

    /// <summary>Vendor and device names as printed, e.g. <c>Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M]</c>.</summary>
    public required string Name { get; init; }

    /// <summary>From <c>Kernel driver in use:</c>; null when the listing does not say.</summary>
    public string? Driver { get; init; }

    public IReadOnlyList<string> KernelModules { get; init; } = [];

    public string? SubsystemVendorId { get; init; }
    public string? SubsystemDeviceId { get; init; }

    /// <summary>The 1-based line of the listing the device was read from.</summary>
    public required int LineNumber { get; init; }

    /// <summary>Both IDs were read: the entry can stand for a device.</summary>
    public bool HasIds => VendorId is not null && DeviceId is not null;

    /// <summary><c>vvvv:dddd</c>, or null when the line was cut off.</summary>
    public string? VendorDevice => HasIds ? $"{VendorId}:{DeviceId}" : null;
}
