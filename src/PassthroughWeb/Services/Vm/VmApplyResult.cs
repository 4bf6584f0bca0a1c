using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Services.Vm;

/// <summary>What applying step 4 did (edit or creation): the change set it recorded, what was sent to libvirt, and why it stopped.</summary>
public sealed record VmApplyResult
{
    public required StepApplyOutcome Outcome { get; init; }
    public Guid? ChangeSetId { get; init; }
    public required string Message { get; init; }

    /// <summary>Every virsh call of the change set, in order, with its output.</summary>
    public IReadOnlyList<CommandRun> Commands { get; init; } = [];

    public ChangeError? Error { get; init; }

    /// <summary>The plan that was applied (or would have been); null when planning failed.</summary>
    public ChangePlan? Plan { get; init; }

    /// <summary>Editing an existing VM: the planner's whole answer (findings, the VM as read); null for a creation.</summary>
    public VmPlanResult? Planned { get; init; }

    /// <summary>Creating a VM: the planner's whole answer (findings, the resolved choices); null for an edit.</summary>
    public VmCreationResult? Creation { get; init; }

    /// <summary>Why nothing was applied when the actor's role does not allow it; null otherwise.</summary>
    public Core.Access.NotAllowed? Denied { get; init; }

    public static VmApplyResult NotAllowed(Core.Access.NotAllowed denied)
    {
        ArgumentNullException.ThrowIfNull(denied);
        return new VmApplyResult { Outcome = StepApplyOutcome.NotAllowed, Message = "Nothing was changed. " + denied.Message, Denied = denied };
    }
}
