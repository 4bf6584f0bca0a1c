using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Steps;

/// <summary>
/// The plan of the chosen steps for one card: one change plan for all of them (so the host reboots once), or why
/// there is none — by hand, refused by an interlock, or an error — with what each step found on the way.
/// </summary>
public sealed record HostChangePlanResult
{
    public required HostChangeOutcome Outcome { get; init; }
    public required HostChangeRequest Request { get; init; }

    /// <summary>The merged plan when <see cref="Outcome"/> is Planned (empty when everything is in place).</summary>
    public ChangePlan? Plan { get; init; }

    /// <summary>What the verification after the reboot checks; set with the plan.</summary>
    public StepExpectations? Expectations { get; init; }

    /// <summary>For Manual: what to do by hand; for Error: what is wrong; for Refused: the refusals in one sentence.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<StepRefusal> Refusals { get; init; } = [];

    /// <summary>What the user should know (also for Manual, Refused and Error).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Step 2's own answer (boot loader detected, booted command line, parameters), when step 2 was planned.</summary>
    public CommandLinePlanResult? BootLoader { get; init; }

    /// <summary>Step 3's binding plan (method, interlocks, modprobe findings), when step 3 was planned.</summary>
    public VfioBindingPlan? Binding { get; init; }

    public InitramfsDetection? InitramfsDetection { get; init; }

    /// <summary>Step 3's initramfs plan (findings, what the rebuilt images must contain), when one was made.</summary>
    public InitramfsPlan? Initramfs { get; init; }

    public IReadOnlyList<ModprobeFinding> ModprobeFindings => Binding?.Findings ?? [];
    public IReadOnlyList<InitramfsFinding> InitramfsFindings => Initramfs?.Findings ?? [];

    /// <summary>Planned, and the plan changes nothing.</summary>
    public bool IsNothingToDo => Outcome == HostChangeOutcome.Planned && Plan is { IsEmpty: true };
}
