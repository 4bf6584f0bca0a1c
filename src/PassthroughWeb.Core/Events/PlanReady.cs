namespace PassthroughWeb.Core.Events;

/// <summary>A plan was made and shown: what applying <see cref="PlanId"/> would change.</summary>
public sealed record PlanReady : HostEvent
{
    public required string PlanId { get; init; }

    /// <summary>The steps the plan covers (<c>host</c>, <c>isolate</c>, <c>vm</c>).</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    public required string Summary { get; init; }
}
