using PassthroughWeb.Core.Rehearsal;

namespace PassthroughWeb.Services;

/// <summary>A rehearsal of the reboot: the plan it rehearsed, the report, and the history event it was recorded as.</summary>
public sealed record StepRehearsalResult
{
    public required StepPlanPreview Preview { get; init; }
    public required RehearsalReport Report { get; init; }

    /// <summary>The history event (kind "rehearsal"); null when nothing was rehearsed (no plan).</summary>
    public int? EventId { get; init; }

    /// <summary>Why nothing was rehearsed when the actor's role does not allow it; null otherwise.</summary>
    public Core.Access.NotAllowed? Denied { get; init; }

    /// <summary>Set when another change set, rollback or rehearsal held the host: nothing was rehearsed.</summary>
    public Locking.HostLockRefusal? Busy { get; init; }
}
