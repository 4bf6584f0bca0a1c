namespace PassthroughWeb.Services.Agents;

/// <summary>A live connection of an agent to the hub, bound to the host its token names.</summary>
public sealed class AgentConnection(string host, string connectionId, int tokenId, DateTimeOffset connectedAt, Action abort)
{
    public string Host { get; } = host;
    public string ConnectionId { get; } = connectionId;

    /// <summary>The agent token it authenticated with: revoking it ends this connection.</summary>
    public int TokenId { get; } = tokenId;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>The newest report received on this connection; null until the first.</summary>
    public AgentReport? LastReport { get; internal set; }

    /// <summary>Closes the connection from the hub's side (a revoked token, a newer connection of the same host).</summary>
    public void Abort() => abort();
}
