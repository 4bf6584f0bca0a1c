namespace PassthroughWeb.Web.Agents;

/// <summary>The timing of the agent hub.</summary>
public sealed record AgentHubSettings
{
    /// <summary>The agent sends a keep-alive this often (the hub tells nothing; it is the agent's constant).</summary>
    public static readonly TimeSpan AgentKeepAlive = TimeSpan.FromSeconds(5);

    /// <summary>The shortest <see cref="OfflineAfter"/> that does not take a live agent offline between two of its keep-alives.</summary>
    public static readonly TimeSpan MinimumOfflineAfter = 2 * AgentKeepAlive;

    /// <summary>
    /// A host whose agent sent nothing (not even a keep-alive) for this long is offline: the hub's
    /// ClientTimeoutInterval. An agent that stops cleanly, or whose process dies, closes its connection and is offline at once.
    /// </summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the hub waits for an agent's answer to any step it asks for (<c>serve --agent-answer-timeout</c>); null:
    /// each step's own bound (<see cref="Services.Agents.RemoteSteps.PlanTimeout"/>, <see cref="Services.Agents.RemoteSteps.ApplyTimeout"/>).
    /// </summary>
    public TimeSpan? AnswerTimeout { get; init; }

    /// <summary>How often the hub looks for revoked tokens of connected agents.</summary>
    public TimeSpan RevocationCheck { get; init; } = TimeSpan.FromSeconds(1);
}
