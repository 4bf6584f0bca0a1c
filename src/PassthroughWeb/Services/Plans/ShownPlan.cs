using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services.Plans;

/// <summary>A plan a user was shown: its identity (host, card, steps, fingerprinted parts), when, and to whom.</summary>
public sealed record ShownPlan
{
    public required PlanIdentity Identity { get; init; }
    public required DateTimeOffset ShownAt { get; init; }

    /// <summary>Who was shown the plan (the signed-in user, or the CLI's user); null when not known.</summary>
    public string? ShownTo { get; init; }

    /// <summary>What was asked for, to plan it again from the id alone; null in records that did not keep it.</summary>
    public ShownPlanRequest? Request { get; init; }

    public string Id => Identity.Id;
    public string Host => Identity.Host;
}
