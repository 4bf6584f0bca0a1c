using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// The answer to a new-VM request: a change plan that creates the disk and defines the domain, or why not. The
/// findings explain every choice, warning and refusal in plain words either way.
/// </summary>
public sealed record VmCreationResult
{
    public required NewVmRequest Request { get; init; }

    /// <summary>The plan, or null when a finding refuses the request.</summary>
    public ChangePlan? Plan { get; init; }

    /// <summary>The id of <see cref="Plan"/> as it was shown (<see cref="PlanIdentity"/>); an apply given it changes nothing unless the plan is still the same.</summary>
    public string? PlanId { get; init; }

    /// <summary>The resolved choices the plan's XML was written from (null when refused before they were all known).</summary>
    public VmBlueprint? Blueprint { get; init; }

    public required IReadOnlyList<VmCreationFinding> Findings { get; init; }

    public bool IsRefused => Plan is null;

    public IReadOnlyList<VmCreationFinding> Refusals => Findings.Where(f => f.Severity == FindingSeverity.Refusal).ToList();

    public IReadOnlyList<VmCreationFinding> Warnings => Findings.Where(f => f.Severity == FindingSeverity.Warning).ToList();
}
