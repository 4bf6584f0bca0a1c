namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The optional parameters a user can choose on step 2, and the facts about the host they depend on.</summary>
public sealed record IommuExtras
{
    public static IommuExtras None { get; } = new();

    /// <summary>The GPU to pass through is the one the firmware booted on (its framebuffer holds the card).</summary>
    public bool PassingBootGpu { get; init; }

    /// <summary>PCI IDs (<c>10de:1b80</c>) vfio-pci should claim at boot; empty for none.</summary>
    public IReadOnlyList<string> VfioPciIds { get; init; } = [];

    /// <summary>vfio-pci is built into the kernel (modules.builtin), so only the command line can hand it IDs.</summary>
    public bool VfioPciBuiltIn { get; init; }

    /// <summary>The user asked for <c>pcie_acs_override=downstream,multifunction</c>.</summary>
    public bool AcsOverride { get; init; }

    /// <summary>The kernel that boots carries the out-of-tree ACS override patch (without it the parameter does nothing).</summary>
    public bool KernelCarriesAcsOverridePatch { get; init; }
}
