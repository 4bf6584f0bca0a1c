namespace PassthroughWeb.Core.Scanning;

/// <summary>The ACPI table by which firmware announces an IOMMU: DMAR (Intel VT-d) or IVRS (AMD-Vi).</summary>
public enum FirmwareIommuTable
{
    None,
    Dmar,
    Ivrs,
    /// <summary>The ACPI tables could not be read (not root, or not exposed): nothing can be said.</summary>
    Unknown,
}
