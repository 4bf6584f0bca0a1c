using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The planner's answer: a change plan, instructions for doing it by hand, or an error — with what was detected.</summary>
public sealed record CommandLinePlanResult
{
    public required CommandLinePlanOutcome Outcome { get; init; }
    public required BootLoaderDetection Detection { get; init; }
    public required IommuParameterSet Parameters { get; init; }

    /// <summary>The plan when <see cref="Outcome"/> is Planned.</summary>
    public ChangePlan? Plan { get; init; }

    /// <summary>For Manual: what to add where, by hand; for Error: what is wrong.</summary>
    public string? Message { get; init; }

    /// <summary>What was found in the files (and why things were done or left), for Manual and Error as well.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
