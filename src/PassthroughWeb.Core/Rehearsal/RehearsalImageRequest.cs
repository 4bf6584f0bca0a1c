using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What an image builder needs: the host (its configuration is copied, never written), the kernel, the planned files.</summary>
public sealed record RehearsalImageRequest
{
    public required HostRoot Root { get; init; }
    public required RehearsalKernel Kernel { get; init; }

    /// <summary>The planned change set of steps 2 and 3: its files are laid over the copies of the host's configuration.</summary>
    public required ChangePlan Plan { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
