namespace PassthroughWeb.Core.Rollouts;

/// <summary>Where one host of a staged rollout stands.</summary>
public enum RolloutHostState
{
    /// <summary>Its plan was shown; its batch has not come yet (a host left so by a stopped rollout was never touched).</summary>
    Pending,

    /// <summary>Its apply is under way.</summary>
    Applying,

    /// <summary>Applied: it waits for its reboot and the verification after it.</summary>
    RebootNeeded,

    /// <summary>Verified after its reboot.</summary>
    Verified,

    /// <summary>The host already had what the plan asks: nothing was applied and nothing waits.</summary>
    Unchanged,

    /// <summary>Nothing stayed applied: the plan was refused or stale, or the apply failed and was undone.</summary>
    ApplyFailed,

    /// <summary>Applied, but its verification after the reboot failed: its change set is still on the host.</summary>
    VerificationFailed,

    /// <summary>Its change set was rolled back.</summary>
    RolledBack,
}
