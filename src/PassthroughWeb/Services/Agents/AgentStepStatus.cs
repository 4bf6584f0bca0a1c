using System.Text.RegularExpressions;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// One of the five steps on a host, as its checklist says: what an agent reports of its host (<c>ChecklistProgress</c>
/// on the agent), and what <c>GET /api/hosts</c> answers for any host.
/// </summary>
public sealed partial record AgentStepStatus
{
    public static AgentStepStatus Of(StepProgress step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new AgentStepStatus { Number = step.Number, State = Capitals().Replace(step.State.ToString(), "-$1").ToLowerInvariant(), IsNext = step.IsNext, Detail = step.Detail, WaitsFor = step.WaitsFor };
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capitals();

    public required int Number { get; init; }

    /// <summary>The state's name in kebab case, as the JSON documents write it: <c>not-started</c>, <c>reboot-needed</c>, <c>verified</c> …</summary>
    public required string State { get; init; }

    public bool IsNext { get; init; }

    public string? Detail { get; init; }

    /// <summary>What the step waits for ("Step 3 needs step 2's reboot first."), when it waits.</summary>
    public string? WaitsFor { get; init; }
}
