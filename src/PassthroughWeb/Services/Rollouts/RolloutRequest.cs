using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>What a new rollout is asked for: its hosts in order (the first is the canary), the steps and card, the batch size.</summary>
public sealed record RolloutRequest
{
    public required IReadOnlyList<string> Hosts { get; init; }
    public required IReadOnlyList<HostStep> Steps { get; init; }
    public PciAddress? Gpu { get; init; }
    public StepPlanOptions Options { get; init; } = new();
    public int BatchSize { get; init; } = 1;
}
