using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>Step 4's answer for an existing VM: the findings, and a change plan unless refused or in error.</summary>
public sealed record VmPlanResult
{
    public required VmPlanOutcome Outcome { get; init; }
    public required VmPlanRequest Request { get; init; }

    /// <summary>For Error: what is wrong; for Refused: why, in one paragraph; for Planned: the summary.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<VmFinding> Findings { get; init; } = [];

    /// <summary>The plan when Planned: steps ["vm"], no files, no commands, the domain change (none when nothing changes).</summary>
    public ChangePlan? Plan { get; init; }

    /// <summary>The id of <see cref="Plan"/> as it was shown (<see cref="PlanIdentity"/>); an apply given it changes nothing unless the plan is still the same.</summary>
    public string? PlanId { get; init; }

    /// <summary>The VM as read when planned.</summary>
    public DomainDefinition? Domain { get; init; }

    /// <summary>The card's functions the plan passes (the whole slot).</summary>
    public IReadOnlyList<PciAddress> CardFunctions { get; init; } = [];

    /// <summary>The VM is running and a clean shutdown (ACPI, <c>virsh shutdown</c>) can be offered before planning again.</summary>
    public bool CanOfferShutdown { get; init; }

    public bool IsNothingToDo => Outcome == VmPlanOutcome.Planned && Plan is { IsEmpty: true };
}
