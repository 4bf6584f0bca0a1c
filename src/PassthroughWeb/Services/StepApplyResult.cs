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

    /// <summary>Why nothing was applied when the actor's role does not allow it; null otherwise.</summary>
    public Core.Access.NotAllowed? Denied { get; init; }

    /// <summary>The answer to an actor who may not apply: nothing was planned, so the preview only names the request.</summary>
    public static StepApplyResult NotAllowed(Core.Access.NotAllowed denied, StepHost host, Core.Scanning.PciAddress? gpu, IReadOnlyList<Core.Steps.HostStep> steps)
    {
        ArgumentNullException.ThrowIfNull(denied);
        return new StepApplyResult
        {
            Outcome = StepApplyOutcome.NotAllowed,
            Message = "Nothing was changed. " + denied.Message,
            Denied = denied,
            Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = Core.Steps.HostChangeOutcome.Refused, Summary = denied.Message, Message = denied.Message },
        };
    }
}
