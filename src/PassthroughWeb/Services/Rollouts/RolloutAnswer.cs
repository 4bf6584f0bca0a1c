using PassthroughWeb.Core.Rollouts;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>A rollout operation's answer: the rollout as it stands with each host's plan document, or why nothing was done.</summary>
public sealed record RolloutAnswer
{
    public RolloutView? View { get; init; }

    public RolloutRefusal? Refusal { get; init; }

    public string Message { get; init; } = "";

    public static RolloutAnswer Of(RolloutView view) => new() { View = view };

    public static RolloutAnswer Refused(RolloutRefusal refusal, string message) => new() { Refusal = refusal, Message = message };
}

/// <summary>Why a rollout operation did nothing: each door maps these in one place (HTTP status, exit code, page message).</summary>
public enum RolloutRefusal
{
    /// <summary>The user's role does not allow it (Operators create, start, verify and roll back).</summary>
    NotAllowed,

    /// <summary>The request is not one a rollout takes (no hosts, a bad step or card, a batch size below 1).</summary>
    Invalid,

    /// <summary>No host or rollout by that name or id.</summary>
    Unknown,

    /// <summary>The rollout is not in a state that allows it (started already, an apply under way, nothing to roll back).</summary>
    Conflict,
}

/// <summary>A rollout and the plan documents shown for its hosts (by host name; null where the host had no plan).</summary>
public sealed record RolloutView(Rollout Rollout, IReadOnlyDictionary<string, string?> Plans);
