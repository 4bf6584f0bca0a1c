namespace PassthroughWeb.Core.Rehearsal;

/// <summary>The IOMMU QEMU emulates for the rehearsal: the host CPU vendor's, or none (a negative control).</summary>
public enum RehearsalIommu
{
    /// <summary>VT-d: <c>-device intel-iommu,intremap=on,caching-mode=on</c>.</summary>
    Intel,

    /// <summary>AMD-Vi: <c>-device amd-iommu</c>.</summary>
    Amd,

    /// <summary>No IOMMU device: the guest has no IOMMU groups and vfio-pci cannot take a device.</summary>
    None,
}
