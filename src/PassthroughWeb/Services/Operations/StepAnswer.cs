namespace PassthroughWeb.Services.Operations;

/// <summary>
/// A step's answer as the doors pass it on (<see cref="StepDocuments"/>, and the agent's answers to the hub): the CLI's
/// JSON document exactly as the host's engine made it (so the hub answers what an agent computed, its planId included),
/// or why there is none, which for an agent's host may be the hub's own word (offline, no answer in time).
/// </summary>
public sealed record StepAnswer
{
    /// <summary>The <c>plan --json</c>, <c>apply --json</c>, <c>verify --json</c>, <c>rollback --json</c> or <c>history --json</c> document; null with a <see cref="Refusal"/>.</summary>
    public string? Document { get; init; }

    public StepAnswerRefusal? Refusal { get; init; }

    public string Message { get; init; } = "";

    /// <summary>
    /// With the history: the same history as the agent's journal keeps it (<c>ChangeSetJson</c>: each change set's files
    /// before and after), for the hub's host page, which draws what a change set wrote. The API answers the document alone.
    /// </summary>
    public string? Detail { get; init; }

    public static StepAnswer Of(string document, string? detail = null) => new() { Document = document, Detail = detail };

    public static StepAnswer Refused(StepAnswerRefusal refusal, string message) => new() { Refusal = refusal, Message = message };
}

/// <summary>Why a step has no document: each is its own status at the API.</summary>
public enum StepAnswerRefusal
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
