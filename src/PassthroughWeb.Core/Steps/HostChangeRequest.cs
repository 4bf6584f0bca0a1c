using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Steps;

/// <summary>What the user chose for steps 2 and 3: which steps, which card, and the extras each step offers.</summary>
public sealed record HostChangeRequest
{
    /// <summary>
    /// The card to pass through (its display function; any function of the slot is accepted). Step 3 needs it; step 2
    /// alone does not (a host without a graphics card can still have its IOMMU turned on), so it is null there.
    /// </summary>
    public PciAddress? Gpu { get; init; }

    /// <summary>The steps to plan, in checklist order; together they become one change set and one reboot.</summary>
    public required IReadOnlyList<HostStep> Steps { get; init; }

    /// <summary>The user read what single-GPU mode means and chose it (step 3 may then take the boot display or the only GPU).</summary>
    public bool SingleGpuChosen { get; init; }

    /// <summary>Step 2 extra: the card is the one the firmware boots on (<c>video=efifb:off initcall_blacklist=sysfb_init</c>).</summary>
    public bool PassingBootGpu { get; init; }

    /// <summary>Step 2 extra: <c>pcie_acs_override=downstream,multifunction</c>, honoured only on a kernel with the patch.</summary>
    public bool AcsOverride { get; init; }
}
