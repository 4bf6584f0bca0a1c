using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>What the interlocks decided for one card: the refusals (empty when it may be isolated) and the host's own display.</summary>
public sealed record IsolationSafetyReport
{
    public required IReadOnlyList<IsolationRefusal> Refusals { get; init; }

    /// <summary>The GPU the host keeps for its own display, or null in single-GPU mode.</summary>
    public PciAddress? HostGpu { get; init; }

    /// <summary>Which GPU the host keeps for its display, in a sentence the plan always shows.</summary>
    public required string HostDisplay { get; init; }

    /// <summary>Devices the host cannot lose, as found (disk and network controllers).</summary>
    public required IReadOnlyList<HostCriticalDevice> CriticalDevices { get; init; }

    /// <summary>What could not be checked, and other things to know.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public bool IsRefused => Refusals.Count > 0;
}
