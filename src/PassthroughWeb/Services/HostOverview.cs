using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>One host on the overview page: its newest profile in short.</summary>
public sealed record HostOverview
{
    public required string Name { get; init; }
    public required bool IsDemo { get; init; }
    public required HostSource Source { get; init; }
    public required DateTimeOffset LastScan { get; init; }
    public required int ProfileCount { get; init; }

    /// <summary>When the host was last seen: its newest scan, or for an agent's host the last moment its agent was connected.</summary>
    public DateTimeOffset LastSeen { get; init; }
    /// <summary>The newest scan.</summary>
    public required ScanReport Report { get; init; }

    /// <summary>An agent's host: the steps its agent last reported, as the hub keeps them; null otherwise.</summary>
    public string? ReportedStepsJson { get; init; }

    public static HostOverview From(HostSummary host, StoredProfile latest)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(latest);
        return new HostOverview
        {
            Name = host.Name,
            IsDemo = host.IsDemo,
            Source = host.Source,
            LastScan = latest.TakenAt,
            ProfileCount = host.ProfileCount,
            LastSeen = host.LastSeen,
            Report = latest.Report,
            ReportedStepsJson = host.ReportedStepsJson,
        };
    }
}
