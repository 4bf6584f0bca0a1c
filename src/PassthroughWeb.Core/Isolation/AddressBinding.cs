using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// One device to bind to vfio-pci by its address at boot, with the vendor:device ID expected there: if the
/// device at that address changed (a card moved slots), the boot-time script refuses to bind it.
/// </summary>
public sealed record AddressBinding(PciAddress Address, string VendorId, string DeviceId);
