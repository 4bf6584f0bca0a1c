namespace PassthroughWeb.Web.Agents;

/// <summary>What <see cref="AgentHub"/> may call on an agent.</summary>
public interface IAgentClient
{
    /// <summary>The agent's token was revoked: the hub closes the connection next, and will refuse the token from now on.</summary>
    Task Revoked(string message);
}
