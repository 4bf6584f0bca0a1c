namespace PassthroughWeb.Core.Rollouts;

/// <summary>
/// The rules of a staged rollout, as a pure state machine: the canary first; the next batch only when every host of the
/// batches before it verified after its reboot (or had nothing to do); stop at the first failure (a refused or stale
/// plan, a failed apply, a failed verification); offer the rollback of what was applied. Each rule takes a rollout and
/// an outcome and gives the next rollout; the driver on the hub only carries them out.
/// </summary>
public static class RolloutRules
{
    /// <summary>More hosts than one rollout takes: a fleet larger than this is rolled out in several.</summary>
    public const int MaxHosts = 500;

    /// <summary>The batch of each position: 0 for the canary (the first host), then batches of <paramref name="batchSize"/>.</summary>
    public static IReadOnlyList<int> Batches(int hostCount, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hostCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return [.. Enumerable.Range(0, hostCount).Select(i => i == 0 ? 0 : 1 + (i - 1) / batchSize)];
    }

    /// <summary>
    /// A new rollout of <paramref name="hosts"/> in that order (the first is the canary), each with the plan id it was
    /// shown (null for a refused plan); or why not.
    /// </summary>
    public static (Rollout? Rollout, RolloutProblem? Problem) Create(string id, IReadOnlyList<string> steps, string? gpu,
        IReadOnlyList<(string Name, string? PlanId, string? Message)> hosts, int batchSize, string createdBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0) return (null, new RolloutProblem("A rollout needs at least one host: the first one named is the canary."));
        if (hosts.Count > MaxHosts) return (null, new RolloutProblem($"A rollout takes at most {MaxHosts} hosts; {hosts.Count} were named. Split the fleet into several rollouts."));
        if (batchSize < 1) return (null, new RolloutProblem($"The batch size must be at least 1, not {batchSize}: after the canary, hosts are applied that many at a time."));
        var twice = hosts.GroupBy(h => h.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0) return (null, new RolloutProblem($"Each host is named once in a rollout: {string.Join(", ", twice)} named more than once."));
        var batches = Batches(hosts.Count, batchSize);
        return (new Rollout
        {
            Id = id,
            Steps = [.. steps],
            Gpu = gpu,
            BatchSize = batchSize,
            CreatedBy = createdBy,
            CreatedAt = at,
            Hosts = [.. hosts.Select((h, i) => new RolloutHost { Name = h.Name, Batch = batches[i], PlanId = h.PlanId, Message = h.Message, UpdatedAt = at })],
        }, null);
    }

    /// <summary>Starts a planned rollout; refused when it is not planned, or when a host's plan was refused (nothing to apply there).</summary>
    public static (Rollout? Rollout, RolloutProblem? Problem) Start(Rollout rollout, string startedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.State != RolloutState.Planned)
            return (null, new RolloutProblem($"Rollout {rollout.Id} was started already (it is {Words(rollout.State)}): a rollout runs once. Create a new one to plan again."));
        var unplanned = rollout.Hosts.Where(h => h.PlanId is null).Select(h => h.Name).ToList();
        if (unplanned.Count > 0)
            return (null, new RolloutProblem($"Nothing was started: {string.Join(", ", unplanned)} has no plan to apply (its plan was refused or could not be made; the plans side by side say why). Create a rollout without it."));
        return (rollout with { State = RolloutState.Running, StartedBy = startedBy, StartedAt = at, Message = null }, null);
    }

    /// <summary>What the rollout needs next.</summary>
    public static RolloutNext Next(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.State == RolloutState.Planned) return new RolloutNext.NotStarted();
        if (rollout.State != RolloutState.Running) return new RolloutNext.Finished(rollout.State);
        var applying = Names(rollout.Hosts.Where(h => h.State == RolloutHostState.Applying));
        if (applying.Count > 0) return new RolloutNext.WaitForApply(applying);
        var waiting = Names(rollout.Hosts.Where(h => h.State == RolloutHostState.RebootNeeded));
        if (waiting.Count > 0) return new RolloutNext.WaitForReboot(waiting);
        // A running rollout has no failed host (a failure stops it): the first batch not done is the one to apply.
        var batch = rollout.Hosts.Where(h => !h.IsDone).Select(h => (int?)h.Batch).Min();
        return batch is { } next
            ? new RolloutNext.Apply(next, Names(rollout.Hosts.Where(h => h.Batch == next && h.State == RolloutHostState.Pending)))
            : new RolloutNext.Finished(RolloutState.Completed);
    }

    /// <summary>
    /// The rollout after <paramref name="outcome"/> on <paramref name="host"/>. A failure stops it (no further batch; the
    /// hosts of the current batch already applied stay as they are); the last host done completes it. An outcome that
    /// does not fit the host's state (a late answer after a stop) changes nothing but the host's message.
    /// </summary>
    public static Rollout Record(Rollout rollout, string host, RolloutHostOutcome outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(outcome);
        if (rollout.Find(host) is not { } current) throw new ArgumentException($"{host} is not a host of rollout {rollout.Id}.", nameof(host));
        var state = (current.State, outcome) switch
        {
            // No apply starts once the rollout stopped, even within the batch that failed.
            (RolloutHostState.Pending, RolloutHostOutcome.ApplyStarted) when rollout.State == RolloutState.Running => RolloutHostState.Applying,
            (RolloutHostState.Applying, RolloutHostOutcome.Applied) => RolloutHostState.RebootNeeded,
            (RolloutHostState.Applying, RolloutHostOutcome.NothingToDo) => RolloutHostState.Unchanged,
            (RolloutHostState.Pending or RolloutHostState.Applying, RolloutHostOutcome.ApplyFailed) => RolloutHostState.ApplyFailed,
            (RolloutHostState.RebootNeeded, RolloutHostOutcome.StillNeedsReboot) => RolloutHostState.RebootNeeded,
            (RolloutHostState.RebootNeeded, RolloutHostOutcome.VerificationPassed) => RolloutHostState.Verified,
            (RolloutHostState.RebootNeeded, RolloutHostOutcome.VerificationFailed) => RolloutHostState.VerificationFailed,
            (RolloutHostState.RebootNeeded or RolloutHostState.Verified or RolloutHostState.VerificationFailed, RolloutHostOutcome.RolledBack) => RolloutHostState.RolledBack,
            _ => current.State,
        };
        var changeSetId = outcome is RolloutHostOutcome.Applied applied && state == RolloutHostState.RebootNeeded ? applied.ChangeSetId : current.ChangeSetId;
        var hosts = rollout.Hosts.Select(h => ReferenceEquals(h, current)
            ? h with { State = state, ChangeSetId = changeSetId, Message = outcome.Message.Length > 0 ? outcome.Message : h.Message, UpdatedAt = at }
            : h).ToList();
        var next = rollout with { Hosts = hosts };
        if (rollout.State == RolloutState.Running && state is RolloutHostState.ApplyFailed or RolloutHostState.VerificationFailed && state != current.State)
        {
            var untouched = Names(hosts.Where(h => h.State == RolloutHostState.Pending));
            return next with
            {
                State = RolloutState.Stopped,
                FinishedAt = at,
                Message = $"Stopped at {host}: {outcome.Message}" +
                          (untouched.Count > 0 ? $" {string.Join(", ", untouched)} {(untouched.Count == 1 ? "was" : "were")} not touched." : "") +
                          (next.RollbackCandidates.Count > 0 ? $" Roll back what was applied ({string.Join(", ", Names(next.RollbackCandidates))}) or fix {host} and start a new rollout." : ""),
            };
        }
        if (rollout.State == RolloutState.Running && hosts.All(h => h.IsDone))
            return next with { State = RolloutState.Completed, FinishedAt = at, Message = $"Every host verified after its reboot ({hosts.Count} in {hosts.Max(h => h.Batch) + 1} batches, the canary first)." };
        if (rollout.State is RolloutState.Stopped or RolloutState.Completed && outcome is RolloutHostOutcome.RolledBack && next.RollbackCandidates.Count == 0 && hosts.Any(h => h.State == RolloutHostState.RolledBack))
            return next with { State = RolloutState.RolledBack, Message = $"Rolled back: every change set this rollout applied is undone ({string.Join(", ", Names(hosts.Where(h => h.State == RolloutHostState.RolledBack)))})." };
        return next;
    }

    /// <summary>
    /// Stops a running rollout so its applied hosts can be rolled back (an Operator's decision), or checks that a stopped
    /// or completed one has something to roll back. Refused while an apply is under way or when nothing is applied.
    /// </summary>
    public static (Rollout? Rollout, RolloutProblem? Problem) BeginRollback(Rollout rollout, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.State == RolloutState.Planned)
            return (null, new RolloutProblem($"Rollout {rollout.Id} was never started: nothing was applied, so there is nothing to roll back."));
        if (rollout.Hosts.Any(h => h.State == RolloutHostState.Applying))
            return (null, new RolloutProblem($"An apply of rollout {rollout.Id} is under way on {string.Join(", ", Names(rollout.Hosts.Where(h => h.State == RolloutHostState.Applying)))}: wait for its answer, then roll back."));
        if (rollout.RollbackCandidates.Count == 0)
            return (null, new RolloutProblem($"Rollout {rollout.Id} has no change set on any host to roll back ({Words(rollout.State)})."));
        return rollout.State == RolloutState.Running
            ? (rollout with { State = RolloutState.Stopped, FinishedAt = at, Message = $"Stopped by {by} to roll back." }, null)
            : (rollout, null);
    }

    /// <summary>The state in words, as messages use it.</summary>
    public static string Words(RolloutState state) => state switch
    {
        RolloutState.Planned => "planned",
        RolloutState.Running => "running",
        RolloutState.Completed => "completed",
        RolloutState.Stopped => "stopped",
        _ => "rolled back",
    };

    private static List<string> Names(IEnumerable<RolloutHost> hosts) => [.. hosts.Select(h => h.Name)];
}
