namespace PassthroughWeb.Core.BootLoaders;

/// <summary>What the user chose on step 2, and optionally a detection made beforehand (with bootctl).</summary>
public sealed record KernelCommandLineOptions
{
    public static KernelCommandLineOptions Default { get; } = new();

    /// <summary>The GPU to pass is the one the firmware boots on: add video=efifb:off and initcall_blacklist=sysfb_init.</summary>
    public bool PassingBootGpu { get; init; }

    /// <summary>PCI IDs for vfio-pci.ids=, used when vfio-pci is built into the kernel.</summary>
    public IReadOnlyList<string> VfioPciIds { get; init; } = [];

    /// <summary>Ask for pcie_acs_override (honoured only on a kernel that carries the patch).</summary>
    public bool AcsOverride { get; init; }

    /// <summary>A detection already made (<see cref="BootLoaderDetector.DetectAsync"/> with bootctl); null to detect from files.</summary>
    public BootLoaderDetection? Detection { get; init; }
}
