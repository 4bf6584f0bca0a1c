using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Services.Agents;

/// <summary>The five steps an agent reported, back as the checklist's own progress (the hosts page draws it like a local host's).</summary>
public static class AgentProgress
{
    /// <summary>Null when the report does not hold five steps in a state this hub knows (an agent of another version).</summary>
    public static ChecklistProgress? Of(AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var steps = new List<StepProgress>();
        foreach (var step in report.Steps.OrderBy(s => s.Number))
        {
            if (!Enum.TryParse<ChecklistState>(step.State.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var state) || !Enum.IsDefined(state)) return null;
            steps.Add(new StepProgress { Number = step.Number, State = state, IsNext = step.IsNext, Detail = step.Detail, WaitsFor = step.WaitsFor });
        }
        return steps.Count == 5 && steps.Select(s => s.Number).SequenceEqual([1, 2, 3, 4, 5]) ? new ChecklistProgress { Steps = steps } : null;
    }
}
