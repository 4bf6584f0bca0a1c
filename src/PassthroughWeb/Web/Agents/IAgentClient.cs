namespace PassthroughWeb.Web.Agents;

/// <summary>What <see cref="AgentHub"/> may call on an agent.</summary>
public interface IAgentClient
{
    /// <summary>Scan again and report (an Operator pressed Rescan on the hub).</summary>
    Task ReportAgain();
}
