using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Drift;

/// <summary>
/// One device an applied change set stands on, as it was when the set was applied: its address, vendor:device,
/// subsystem ID and IOMMU group. The same four facts Proxmox VE keeps in a PCI resource mapping (<c>path</c>, <c>id</c>,
/// <c>subsystem-id</c>, <c>iommugroup</c>) and checks before it starts a VM with the device.
/// </summary>
public sealed record DeviceExpectation
{
    /// <summary>The step that depends on the device: <c>isolate</c> (vfio-pci ids and addresses) or <c>vm</c> (hostdev addresses).</summary>
    public required string Step { get; init; }

    public required PciAddress Address { get; init; }

    /// <summary><c>vvvv:dddd</c>, lower-case, as <c>vfio-pci ids=</c> takes it.</summary>
    public required string VendorDevice { get; init; }

    /// <summary><c>vvvv:dddd</c> of the board maker, or null when the scan did not know it.</summary>
    public string? SubsystemId { get; init; }

    /// <summary>The IOMMU group then, or null when the device was in none.</summary>
    public int? IommuGroup { get; init; }

    /// <summary>
    /// True for a function the step gives to the VM (the card's functions), false for a device that only shared one of
    /// their IOMMU groups: kept so that a group that gains members later can be told.
    /// </summary>
    public required bool IsPassed { get; init; }

    /// <summary>The device's name then (<c>AMD Radeon RX 6700 XT</c>), for the page.</summary>
    public string? Name { get; init; }

    /// <summary>The change set that planned it.</summary>
    public Guid? ChangeSetId { get; init; }

    /// <summary>The subsystem ID of a device as the scan reads it, or null when either half is unknown.</summary>
    public static string? SubsystemOf(PciDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.SubsystemVendorId is { } vendor && device.SubsystemDeviceId is { } id ? $"{vendor}:{id}" : null;
    }
}
