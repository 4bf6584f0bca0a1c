namespace PassthroughWeb.Services;

/// <summary>The choices a user makes on steps 2 and 3 beyond the card and the steps.</summary>
public sealed record StepPlanOptions
{
    public static StepPlanOptions Default { get; } = new();

    /// <summary>Single-GPU mode, chosen after reading what it means: the boot display or the only GPU may be isolated.</summary>
    public bool SingleGpuChosen { get; init; }

    /// <summary>The card is the one the firmware boots on: video=efifb:off and initcall_blacklist=sysfb_init.</summary>
    public bool PassingBootGpu { get; init; }

    /// <summary>pcie_acs_override=downstream,multifunction (only on a kernel with the patch).</summary>
    public bool AcsOverride { get; init; }
}
