namespace PassthroughWeb.Core.Drift;

/// <summary>How a planned device differs from the newest profile of its host.</summary>
public enum DeviceDriftKind
{
    /// <summary>The device (same vendor:device and subsystem) is at another address now: the card moved slot.</summary>
    Moved,

    /// <summary>Another device sits at the planned address now (a different card in the bound slot).</summary>
    Replaced,

    /// <summary>Nothing is at the planned address, and the device is nowhere else either.</summary>
    Vanished,

    /// <summary>The same vendor:device at the address, from another board maker or model: another card of the same chip.</summary>
    SubsystemChanged,

    /// <summary>The device is in another IOMMU group, or its group now holds devices it did not (a firmware update regrouped it).</summary>
    Regrouped,
}
