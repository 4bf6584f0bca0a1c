namespace PassthroughWeb.Web.Api;

/// <summary>
/// The body of <c>POST /api/rollouts</c>: the hosts in order (the first is the canary), the batch size after it, and
/// the steps and card as <c>POST /api/hosts/{name}/plan</c> takes them (steps 2 and 3 only).
/// </summary>
public sealed record RolloutRequestBody
{
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>How many hosts at a time after the canary; 1 unless given.</summary>
    public int BatchSize { get; init; } = 1;

    public string? Gpu { get; init; }
    public IReadOnlyList<string>? Steps { get; init; }
    public bool SingleGpu { get; init; }
    public IReadOnlyList<string>? Extras { get; init; }
}
