using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services;

/// <summary>The change engine's outcome of an apply, as the steps report it (steps 2–3 and step 4 alike).</summary>
public static class StepApplyOutcomes
{
    public static StepApplyOutcome From(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Applied => StepApplyOutcome.Applied,
        ApplyOutcome.Failed => StepApplyOutcome.Failed,
        ApplyOutcome.NothingToDo => StepApplyOutcome.NothingToDo,
        _ => StepApplyOutcome.Refused,
    };
}
