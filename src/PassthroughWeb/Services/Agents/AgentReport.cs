namespace PassthroughWeb.Services.Agents;

/// <summary>
/// What an agent sends the hub at every (re)connect: its newest scan, the boot it is in and where its five steps
/// stand, as its own data directory knows them.
/// </summary>
public sealed record AgentReport
{
    /// <summary>The host name the agent reports as (<c>--name</c>, else the scanned host's name); must be its token's.</summary>
    public required string HostName { get; init; }

    /// <summary>The scan, as the profile storage keeps it (<c>ScanReportJson</c>), so the hub stores exactly what a local scan stores.</summary>
    public required string ProfileJson { get; init; }

    /// <summary>The kernel's boot id on the agent's host: a new one after a reboot.</summary>
    public string? BootId { get; init; }

    /// <summary>The agent's version (the executable's), for the logs.</summary>
    public string? AgentVersion { get; init; }

    /// <summary>Steps 1 to 5 as the agent's own history has them.</summary>
    public IReadOnlyList<AgentStepStatus> Steps { get; init; } = [];

    /// <summary>
    /// The devices the host's applied steps stand on, as its history has them (<c>ChangeSetJson</c> of the expectations):
    /// the hub measures drift of every stored scan against them, as it does for its own hosts. Null from an older agent.
    /// </summary>
    public string? PlannedDevicesJson { get; init; }
}
