namespace PassthroughWeb.Core.Rollouts;

/// <summary>What a rollout needs next, given its hosts' states: the driver on the hub acts on it.</summary>
public abstract record RolloutNext
{
    private RolloutNext()
    {
    }

    /// <summary>Not started yet: an Operator starts it after reading the plans.</summary>
    public sealed record NotStarted : RolloutNext;

    /// <summary>Apply these hosts now (the canary, or the next batch).</summary>
    public sealed record Apply(int Batch, IReadOnlyList<string> Hosts) : RolloutNext;

    /// <summary>Applies are under way on these hosts: wait for their answers.</summary>
    public sealed record WaitForApply(IReadOnlyList<string> Hosts) : RolloutNext;

    /// <summary>These hosts wait for their reboot; each is verified when its agent reports a new boot, or an Operator asks.</summary>
    public sealed record WaitForReboot(IReadOnlyList<string> Hosts) : RolloutNext;

    /// <summary>Completed, stopped or rolled back: nothing more happens by itself.</summary>
    public sealed record Finished(RolloutState State) : RolloutNext;
}
