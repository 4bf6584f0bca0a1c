using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services;

/// <summary>Everything shown before anything happens: the files with their diffs, the commands, notes, findings and refusals.</summary>
public sealed record StepPlanPreview
{
    public required StepHost Host { get; init; }
    public required IReadOnlyList<HostStep> Steps { get; init; }

    /// <summary>The card the plan is for; null for step 2 planned without one (a host without a graphics card).</summary>
    public required PciAddress? Gpu { get; init; }
    public required HostChangeOutcome Outcome { get; init; }

    /// <summary>Why "Rehearse the reboot" can never run on this host (no kernel to boot under its root); null when it can be tried.</summary>
    public string? RehearsalUnavailable { get; init; }

    /// <summary>One sentence: what the plan does, or why there is none.</summary>
    public required string Summary { get; init; }

    /// <summary>The plan's id (<see cref="Core.Changes.PlanIdentity"/>): an apply given it changes the host only while it still gives this very plan. Null when there is no plan.</summary>
    public string? PlanId => Identity?.Id;

    public Core.Changes.PlanIdentity? Identity { get; init; }

    /// <summary>For Manual, Refused and Error: what to do by hand, why it is refused, what is wrong.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<PlannedFile> Files { get; init; } = [];
    public IReadOnlyList<PlannedCommand> Commands { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<StepRefusal> Refusals { get; init; } = [];

    /// <summary>What is wrong in the host's modprobe.d and initramfs files as they are now.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    public bool NeedsReboot { get; init; }

    /// <summary>Planned, and nothing needs changing.</summary>
    public bool IsNothingToDo { get; init; }

    /// <summary>The planner's whole answer (boot loader detection, binding method, initramfs plan …); null when the host could not be read.</summary>
    public HostChangePlanResult? Result { get; init; }
}
