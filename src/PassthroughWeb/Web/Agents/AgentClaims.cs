namespace PassthroughWeb.Web.Agents;

/// <summary>The claims an agent token gives a connection: the host it is bound to, and the token (to drop the connection when it is revoked).</summary>
public static class AgentClaims
{
    public const string Host = "passthroughweb:agent-host";
    public const string TokenId = "passthroughweb:agent-token-id";
}
