namespace PassthroughWeb.Core.Scanning;

/// <summary>The smallest set of devices the IOMMU can isolate: all of them go to a VM together, or none.</summary>
public sealed record IommuGroup(int Number, IReadOnlyList<PciAddress> Devices);
