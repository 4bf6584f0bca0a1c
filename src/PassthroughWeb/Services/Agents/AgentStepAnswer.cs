namespace PassthroughWeb.Services.Agents;

/// <summary>
/// An agent's answer to a step the hub asked for, or the hub's own word when the agent could not answer: the CLI's
/// JSON document exactly as the agent made it (so the hub answers what the agent computed, its planId included), or
/// why there is none.
/// </summary>
public sealed record AgentStepAnswer
{
    /// <summary>The <c>plan --json</c>, <c>apply --json</c>, <c>verify --json</c>, <c>rollback --json</c> or <c>history --json</c> document; null with a <see cref="Refusal"/>.</summary>
    public string? Document { get; init; }

    public AgentStepRefusal? Refusal { get; init; }

    public string Message { get; init; } = "";

    /// <summary>
    /// With the history: the same history as the agent's journal keeps it (<c>ChangeSetJson</c>: each change set's files
    /// before and after), for the hub's host page, which draws what a change set wrote. The API answers the document alone.
    /// </summary>
    public string? Detail { get; init; }

    public static AgentStepAnswer Of(string document, string? detail = null) => new() { Document = document, Detail = detail };

    public static AgentStepAnswer Refused(AgentStepRefusal refusal, string message) => new() { Refusal = refusal, Message = message };
}

/// <summary>Why an agent's step has no document: each is its own status at the API.</summary>
public enum AgentStepRefusal
{
    /// <summary>The user's role does not allow it.</summary>
    NotAllowed,

    /// <summary>The request is not one the agent can run (a plan id it never showed, a step it does not know).</summary>
    Invalid,

    /// <summary>The agent has no such thing (a change set id it never made).</summary>
    Unknown,

    /// <summary>The host no longer gives the plan that was shown.</summary>
    Stale,

    /// <summary>Another change holds the host.</summary>
    Busy,

    /// <summary>The host's agent is not connected.</summary>
    Offline,

    /// <summary>The agent did not answer in time, or the connection was lost while it ran.</summary>
    NoAnswer,
}
