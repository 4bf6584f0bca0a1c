namespace PassthroughWeb.Core.Checklist;

/// <summary>
/// Where a host stands in the five steps, derived from the facts of each step alone: the one place that decides a
/// step's state, which step is next, and what a step waits for. The host page, the hosts page and tests use it.
/// </summary>
public sealed record ChecklistProgress
{
    public required IReadOnlyList<StepProgress> Steps { get; init; }

    /// <summary>The next step's number, or null when every step is done or verified.</summary>
    public int? Next => Steps.FirstOrDefault(s => s.IsNext)?.Number;

    /// <summary>How many steps are done or verified.</summary>
    public int CompleteCount => Steps.Count(s => s.IsComplete);

    /// <summary>The state of every step, in order, from the facts of every step (step 1 first).</summary>
    public static ChecklistProgress Of(IReadOnlyList<StepFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var states = facts.Select(StateOf).ToList();
        var next = states.FindIndex(s => s is not (ChecklistState.Done or ChecklistState.Verified));
        var steps = new List<StepProgress>(facts.Count);
        for (var i = 0; i < facts.Count; i++)
        {
            steps.Add(new StepProgress
            {
                Number = i + 1,
                State = states[i],
                IsNext = i == next,
                WaitsFor = i == 0 ? null : WaitsFor(i + 1, states[i], states[i - 1], facts[i].AppliesWithPrevious),
                Detail = facts[i].Detail,
            });
        }
        return new ChecklistProgress { Steps = steps };
    }

    /// <summary>One step's state. What is happening now wins over what happened, and what happened over what is planned.</summary>
    public static ChecklistState StateOf(StepFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Change == StepChangeFact.Running) return ChecklistState.Applying;
        // What was applied no longer fits the hardware: whatever its verification said, it said it of other hardware.
        if (facts.Drift is not null && facts.Change == StepChangeFact.Applied) return ChecklistState.Recheck;
        if (facts.Change == StepChangeFact.Failed || facts.Verification == StepVerificationFact.Failed) return ChecklistState.Failed;
        if (facts.RebootPending) return ChecklistState.RebootNeeded;
        if (facts.Verification == StepVerificationFact.Passed) return ChecklistState.Verified;
        if (facts.MarkedDone) return ChecklistState.Done;
        // Applied and rebooted, not yet checked: the user's move is Verify.
        if (facts.Change == StepChangeFact.Applied)
            return facts.Verification == StepVerificationFact.Pending ? ChecklistState.NeedsAction : ChecklistState.Done;
        return facts.Plan switch
        {
            StepPlanFact.NothingToDo => ChecklistState.Done,
            StepPlanFact.Ready => ChecklistState.ReadyToApply,
            // A step that waits only for the user's pick (a card, a VM) has not started: the hosts page, which knows
            // no picks, says the same, and the step's detail says what to pick.
            StepPlanFact.Blocked => ChecklistState.NeedsAction,
            _ => ChecklistState.NotStarted,
        };
    }

    private static string? WaitsFor(int number, ChecklistState state, ChecklistState previous, bool appliesWithPrevious)
    {
        // Only a step still to be applied waits; one applied, running or failed has moved past its predecessor.
        if (state is not (ChecklistState.NotStarted or ChecklistState.NeedsAction or ChecklistState.ReadyToApply)) return null;
        var before = number - 1;
        return previous switch
        {
            ChecklistState.Done or ChecklistState.Verified => null,
            ChecklistState.RebootNeeded => $"Step {number} needs step {before}'s reboot first.",
            ChecklistState.Recheck => $"Step {number} waits for step {before}, which must be planned again for the changed hardware.",
            ChecklistState.Failed => $"Step {number} waits for step {before}, which failed.",
            ChecklistState.Applying => $"Step {number} waits for step {before}, which is being applied.",
            // Its apply carries the step before (steps 2 and 3 are one change set).
            ChecklistState.ReadyToApply when appliesWithPrevious => null,
            _ => $"Step {number} waits for step {before}.",
        };
    }
}
