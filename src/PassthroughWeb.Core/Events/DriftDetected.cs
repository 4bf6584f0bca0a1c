namespace PassthroughWeb.Core.Events;

/// <summary>
/// A newly stored profile of the host contradicts what an applied change set planned: a card moved slot, the IOMMU
/// groups changed, another card sits at a bound address, or a device is gone. The steps named are to be re-checked.
/// </summary>
public sealed record DriftDetected : HostEvent
{
    /// <summary>The steps to re-check: <c>isolate</c> (vfio-pci ids and addresses), <c>vm</c> (the VM's host devices).</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Each difference in one sentence, planned against found.</summary>
    public required IReadOnlyList<string> Differences { get; init; }

    public required string Summary { get; init; }

    /// <summary>The event for a drift that is not empty.</summary>
    public static DriftDetected Of(string host, Drift.HostDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        return new DriftDetected { Host = host, Steps = drift.Steps, Differences = [.. drift.Differences.Select(d => d.Difference)], Summary = drift.Summary };
    }
}
