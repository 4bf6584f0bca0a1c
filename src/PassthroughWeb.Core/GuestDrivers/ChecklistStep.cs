namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>The five steps of the checklist, numbered as the user sees them: a known problem names the step where its fix lives.</summary>
public enum ChecklistStep
{
    /// <summary>Step 1: scan the hardware.</summary>
    ScanHardware = 1,

    /// <summary>Step 2: the IOMMU kernel parameters.</summary>
    Host = 2,

    /// <summary>Step 3: isolate the GPU on vfio-pci.</summary>
    Isolate = 3,

    /// <summary>Step 4: the libvirt VM.</summary>
    VirtualMachine = 4,

    /// <summary>Step 5: the guest drivers.</summary>
    GuestDrivers = 5,
}
