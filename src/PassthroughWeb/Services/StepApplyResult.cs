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

    /// <summary>
    /// The initramfs images listed after a real apply of step 3 (null when the commands did not run): an image
    /// without the vfio modules or the binding files blocks the reboot banner, with the reason.
    /// </summary>
    public Core.Isolation.Initramfs.InitramfsInspection? Images { get; init; }

    /// <summary>The host may be rebooted now: applied, and no built image is missing what step 3 put in.</summary>
    public bool ReadyToReboot => Outcome == StepApplyOutcome.Applied && Images is not { IsBlocking: true };
    public required StepPlanPreview Preview { get; init; }
}
