namespace PassthroughWeb.Data;

/// <summary>
/// A machine the app knows: the one it runs on, or the demo workstation. Named <c>ManagedHost</c> because
/// <c>Host</c> is taken by <c>Microsoft.Extensions.Hosting.Host</c> and the <c>PassthroughWeb.Core.Host</c> namespace.
/// </summary>
public sealed class ManagedHost
{
    public int Id { get; set; }

    /// <summary>The host name the scan reported; unique, and the key in the web app's URLs.</summary>
    public required string Name { get; set; }

    /// <summary>The host root that was scanned (<c>/</c> for the machine itself).</summary>
    public required string Root { get; set; }

    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>A host built from sample data (<c>--demo</c>), not a real machine.</summary>
    public bool IsDemo { get; set; }

    /// <summary>How the app learns about this host: read locally, reported by its agent, or imported.</summary>
    public HostSource Source { get; set; } = HostSource.Local;

    /// <summary>
    /// An agent's host: the five steps its agent last reported (JSON, as the report carries them), kept so that its pages
    /// show the last known steps while it is offline (its history is on that host). Null for every other host.
    /// </summary>
    public string? ReportedStepsJson { get; set; }

    public List<HardwareProfile> Profiles { get; } = [];
}
