using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Steps;

/// <summary>
/// What a change set promises once the host has rebooted, kept with the set so that the verification after the reboot
/// checks exactly what was planned: the kernel parameters (step 2) and the functions on vfio-pci (step 3).
/// </summary>
public sealed record StepExpectations
{
    public required IReadOnlyList<HostStep> Steps { get; init; }

    /// <summary>Parameters the running command line must hold (<c>intel_iommu=on</c>, <c>iommu=pt</c> …).</summary>
    public IReadOnlyList<string> KernelParameters { get; init; } = [];

    /// <summary>Parameters it must not hold (<c>amd_iommu=off</c>).</summary>
    public IReadOnlyList<string> ForbiddenParameters { get; init; } = [];

    /// <summary>The functions step 3 isolates.</summary>
    public IReadOnlyList<PciAddress> PassedFunctions { get; init; } = [];

    /// <summary>The GPU the host keeps for its display, which must stay on its own driver.</summary>
    public PciAddress? HostGpu { get; init; }
}
