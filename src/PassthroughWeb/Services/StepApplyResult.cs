using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services;

/// <summary>What an apply did: the change set it recorded, the commands with their output, and the plan it applied.</summary>
public sealed record StepApplyResult
{
    public required StepApplyOutcome Outcome { get; init; }

    /// <summary>The recorded change set (Applied and Failed); null when nothing was recorded.</summary>
    public Guid? ChangeSetId { get; init; }

    public required string Message { get; init; }
    public IReadOnlyList<CommandRun> Commands { get; init; } = [];
    public bool CommandsSkipped => Commands.Any(c => c.Status == CommandStatus.Skipped);
    public ChangeError? Error { get; init; }
    public required StepPlanPreview Preview { get; init; }
}
