using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What to rehearse: the host (read only), its scan, and the plan of steps 2 and 3 made for it.</summary>
public sealed record RehearsalRequest
{
    public required HostRoot Root { get; init; }
    public required ScanReport Scan { get; init; }

    /// <summary>The planner's answer; only a Planned one can be rehearsed.</summary>
    public required HostChangePlanResult Plan { get; init; }

    /// <summary>The kernel to boot; null: the running one, else the newest installed with its image and config.</summary>
    public string? KernelVersion { get; init; }

    /// <summary>How long the image builder may take.</summary>
    public TimeSpan ImageTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
