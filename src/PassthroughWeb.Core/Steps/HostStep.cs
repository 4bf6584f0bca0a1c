namespace PassthroughWeb.Core.Steps;

/// <summary>The steps of the checklist that change a host's boot configuration.</summary>
public enum HostStep
{
    /// <summary>Step 2: the IOMMU parameters on the kernel command line.</summary>
    Host,

    /// <summary>Step 3: the GPU's functions bound to vfio-pci at boot, through modprobe.d and the initramfs.</summary>
    Isolate,
}
