namespace PassthroughWeb.Core.Rollouts;

/// <summary>What became of one host's apply, verification or rollback: the only inputs that move a rollout on.</summary>
public abstract record RolloutHostOutcome
{
    private RolloutHostOutcome()
    {
    }

    public string Message { get; init; } = "";

    /// <summary>The apply was sent.</summary>
    public sealed record ApplyStarted : RolloutHostOutcome;

    /// <summary>Applied as change set <paramref name="ChangeSetId"/>; it takes effect at the next boot.</summary>
    public sealed record Applied(Guid ChangeSetId) : RolloutHostOutcome;

    /// <summary>The host already had it: nothing was applied.</summary>
    public sealed record NothingToDo : RolloutHostOutcome;

    /// <summary>Refused (the plan was refused, stale, the host busy or its agent offline) or failed and undone: nothing stayed applied.</summary>
    public sealed record ApplyFailed : RolloutHostOutcome;

    /// <summary>Asked to verify, the host has not rebooted since its apply: it keeps waiting.</summary>
    public sealed record StillNeedsReboot : RolloutHostOutcome;

    public sealed record VerificationPassed : RolloutHostOutcome;

    /// <summary>Its change set is on the host but does not hold after the reboot.</summary>
    public sealed record VerificationFailed : RolloutHostOutcome;

    public sealed record RolledBack : RolloutHostOutcome;

    /// <summary>Its rollback did not finish (refused, failed, agent offline): the change set stays, and the message says why.</summary>
    public sealed record RollbackFailed : RolloutHostOutcome;
}
