using System.Text.Json;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Services.Agents;

/// <summary>The five steps an agent reported, back as the checklist's own progress (the hosts page draws it like a local host's).</summary>
public static class AgentProgress
{
    /// <summary>Null when the report does not hold five steps in a state this hub knows (an agent of another version).</summary>
    public static ChecklistProgress? Of(AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Of(report.Steps);
    }

    /// <summary>The steps an agent last reported, as the hub keeps them (<c>ReportedStepsJson</c>); null when there are none it reads.</summary>
    public static ChecklistProgress? Of(string? reportedStepsJson)
    {
        if (reportedStepsJson is null) return null;
        try
        {
            return JsonSerializer.Deserialize<List<AgentStepStatus>>(reportedStepsJson, JsonSerializerOptions.Web) is { } steps ? Of(steps) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The steps as the hub keeps them between reports.</summary>
    public static string Serialize(IReadOnlyList<AgentStepStatus> steps) => JsonSerializer.Serialize(steps, JsonSerializerOptions.Web);

    private static ChecklistProgress? Of(IReadOnlyList<AgentStepStatus> reported)
    {
        var steps = new List<StepProgress>();
        foreach (var step in reported.OrderBy(s => s.Number))
        {
            if (!Enum.TryParse<ChecklistState>(step.State.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var state) || !Enum.IsDefined(state)) return null;
            steps.Add(new StepProgress { Number = step.Number, State = state, IsNext = step.IsNext, Detail = step.Detail, WaitsFor = step.WaitsFor });
        }
        return steps.Count == 5 && steps.Select(s => s.Number).SequenceEqual([1, 2, 3, 4, 5]) ? new ChecklistProgress { Steps = steps } : null;
    }
}
