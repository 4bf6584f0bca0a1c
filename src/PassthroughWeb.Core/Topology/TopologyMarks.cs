namespace PassthroughWeb.Core.Topology;

/// <summary>What the picture points out about a device, besides where it sits.</summary>
[Flags]
public enum TopologyMarks
{
    None = 0,

    /// <summary>A function of the card chosen for the VM.</summary>
    ChosenCard = 1,

    /// <summary>Not part of the card, but in one of its IOMMU groups: it goes to the VM with the card (bridges excepted).</summary>
    SharesChosenGroup = 2,

    /// <summary>The firmware's boot display (<c>boot_vga</c> = 1).</summary>
    BootDisplay = 4,

    /// <summary>The controller of the disk under <c>/</c> or <c>/boot</c>, traced through sysfs.</summary>
    HostDisk = 8,

    /// <summary>The network controller of the default route, traced through sysfs.</summary>
    HostNetwork = 16,

    /// <summary>A storage controller (class 01xx) when the root disk could not be traced: it may be the host's.</summary>
    StorageClass = 32,

    /// <summary>A network controller (class 02xx) when the default route could not be traced: it may be the host's.</summary>
    NetworkClass = 64,
}
