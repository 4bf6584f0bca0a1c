namespace PassthroughWeb.Core.Rollouts;

/// <summary>Where a staged rollout stands as a whole.</summary>
public enum RolloutState
{
    /// <summary>Every host's plan was shown side by side; nothing has been applied yet.</summary>
    Planned,

    /// <summary>Started: a batch is being applied or waits for its hosts' verification after their reboot.</summary>
    Running,

    /// <summary>Every host verified after its reboot (or had nothing to do).</summary>
    Completed,

    /// <summary>A host failed (its plan refused or stale, its apply failed, or its verification failed): no further batch starts.</summary>
    Stopped,

    /// <summary>Every change set the rollout applied was rolled back.</summary>
    RolledBack,
}
