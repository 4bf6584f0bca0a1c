namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>One thing the VM check found, explained for a first-time user, with the fix and whether the plan makes it.</summary>
public sealed record VmFinding
{
    /// <summary>A stable identifier (<c>machine-i440fx</c>, <c>vm-running</c> …) for the UI, the CLI and tests.</summary>
    public required string Id { get; init; }

    public required VmFindingSeverity Severity { get; init; }
    public required string Explanation { get; init; }
    public required string Fix { get; init; }

    /// <summary>The plan carries the fix (applying it resolves the finding).</summary>
    public required bool FixedByPlan { get; init; }

    public override string ToString() => $"{Severity} {Id}: {Explanation}";
}
