namespace PassthroughWeb.Core.Steps;

/// <summary>One check after the reboot: which step, what was checked, whether it holds, and what it means in words.</summary>
public sealed record StepCheck
{
    public required HostStep Step { get; init; }

    /// <summary>What was checked: a kernel parameter, "IOMMU groups", or a PCI address.</summary>
    public required string Subject { get; init; }

    public required bool Passed { get; init; }
    public required string Message { get; init; }
}
