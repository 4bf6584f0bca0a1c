namespace PassthroughWeb.Services.Agents;

/// <summary>One of the five steps on an agent's host, as its checklist says (<c>ChecklistProgress</c> on the agent).</summary>
public sealed record AgentStepStatus
{
    public required int Number { get; init; }

    /// <summary>The state's name in kebab case, as the JSON documents write it: <c>not-started</c>, <c>reboot-needed</c>, <c>verified</c> …</summary>
    public required string State { get; init; }

    public bool IsNext { get; init; }

    public string? Detail { get; init; }

    /// <summary>What the step waits for ("Step 3 needs step 2's reboot first."), when it waits.</summary>
    public string? WaitsFor { get; init; }
}
