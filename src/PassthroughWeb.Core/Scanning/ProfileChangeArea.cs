namespace PassthroughWeb.Core.Scanning;

/// <summary>The parts of a comparison, in the order a reader goes through them: the boot, the devices, their groups and drivers, then what that means for the GPUs.</summary>
public enum ProfileChangeArea
{
    /// <summary>The IOMMU and the kernel command line.</summary>
    Boot,

    /// <summary>Devices added, removed, swapped or moved to another slot.</summary>
    Devices,

    IommuGroups,
    Drivers,

    /// <summary>The GPUs' passthrough verdicts.</summary>
    Verdicts,
}
