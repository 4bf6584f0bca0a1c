namespace PassthroughWeb.Core.Checklist;

/// <summary>Where one step of the five-step checklist stands, as every page and the CLI name it.</summary>
public enum ChecklistState
{
    /// <summary>Nothing is known of the step yet: no plan made, nothing applied.</summary>
    NotStarted,

    /// <summary>The user must choose, fix or do something before the step can be applied (or verify it after the reboot).</summary>
    NeedsAction,

    /// <summary>A plan is made and can be applied.</summary>
    ReadyToApply,

    /// <summary>A change set for the step is being applied or rolled back right now.</summary>
    Applying,

    /// <summary>Applied in this boot: takes effect at the next boot.</summary>
    RebootNeeded,

    /// <summary>Applied, rebooted and checked on the running host.</summary>
    Verified,

    /// <summary>The newest change set failed, or its verification did.</summary>
    Failed,

    /// <summary>
    /// Applied, but the hardware it was planned for changed since (a card moved slot, the IOMMU groups changed, another
    /// card sits at a bound address): the step must be planned again before the VM is started.
    /// </summary>
    Recheck,

    /// <summary>Nothing is left to do: already in place, applied without a reboot, or marked done.</summary>
    Done,
}
