namespace PassthroughWeb.Services;

/// <summary>A host's history: its change sets and its events, newest first.</summary>
public sealed record StepHistory
{
    public required IReadOnlyList<ChangeSetHistory> ChangeSets { get; init; }
    public required IReadOnlyList<HistoryEntry> Events { get; init; }

    /// <summary>The devices the applied steps stand on (what drift is measured against); empty when none are applied.</summary>
    public IReadOnlyList<Core.Drift.DeviceExpectation> PlannedDevices { get; init; } = [];

    /// <summary>How <paramref name="report"/> differs from <see cref="PlannedDevices"/>.</summary>
    public Core.Drift.HostDrift DriftIn(Core.Scanning.ScanReport report) => Core.Drift.DriftDetector.Detect(PlannedDevices, report);
}
