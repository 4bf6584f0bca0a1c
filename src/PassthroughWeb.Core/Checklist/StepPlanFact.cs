namespace PassthroughWeb.Core.Checklist;

/// <summary>What the newest plan of a step says, as far as it is known.</summary>
public enum StepPlanFact
{
    /// <summary>No plan was made (the hosts page does not plan).</summary>
    Unknown,

    /// <summary>The plan needs a choice first: a card, a VM.</summary>
    NeedsChoice,

    /// <summary>A plan with changes to apply.</summary>
    Ready,

    /// <summary>The host already has what the step would do.</summary>
    NothingToDo,

    /// <summary>The plan is refused, done by hand, or could not be made: the user has to act.</summary>
    Blocked,
}
