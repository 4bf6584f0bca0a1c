using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Web.Agents;

/// <summary>
/// Where agents connect, at <c>/hubs/agents</c>, with an agent token alone. A connection is bound to the host its
/// token names: the host is online while it lasts (<see cref="AgentConnections"/>), and every report is stored as that
/// host's profile. Revoking the token closes it (<see cref="AgentTokenWatch"/>).
/// </summary>
[Authorize(Policy = Policy)]
public sealed class AgentHub(AgentConnections connections, AgentReports reports, IHostEventPublisher events, ILogger<AgentHub> logger) : Hub<IAgentClient>
{
    public const string Path = "/hubs/agents";

    public const string Policy = "Agent";

    public override Task OnConnectedAsync()
    {
        var (host, tokenId) = Binding();
        connections.Connect(host, Context.ConnectionId, tokenId, Context.Abort);
        logger.LogInformation("Agent of {Host} connected ({ConnectionId})", host, Context.ConnectionId);
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var (host, _) = Binding();
        if (connections.Disconnect(host, Context.ConnectionId))
            logger.LogInformation("Agent of {Host} disconnected: {Reason}", host, exception?.Message ?? "it closed the connection");
        // LastSeen: until now, whichever way the connection ended. The connection's token may already be cancelled.
        await reports.SeenAsync(host, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Stores the agent's report as its host's newest profile. Returns null when stored, else why it was refused (for
    /// good: the agent ends saying so). An error of the hub's own comes to the agent as a <see cref="HubException"/>,
    /// after which it tries again.
    /// </summary>
    public async Task<string?> Report(AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (host, _) = Binding();
        var refusal = await reports.StoreAsync(host, Context.ConnectionId, report, Context.ConnectionAborted);
        if (refusal is not null) logger.LogWarning("Report of the agent of {Host} refused: {Refusal}", host, refusal);
        return refusal;
    }

    /// <summary>
    /// An event of the agent's own feed (a file written, a command's output, a change set applied …, while it runs the
    /// steps the hub asked for), published on the hub's feed for its host, so <c>watch</c> and the pages see it. Only
    /// the token's host, and never whether a host is online: that is the hub's own word.
    /// </summary>
    public void Publish(string hostEvent)
    {
        var (host, _) = Binding();
        var published = HostEventJson.Deserialize(hostEvent ?? "") ?? throw new HubException("Not a host event this hub reads (docs/api.md lists them).");
        if (published.Host != host) throw new HubException($"An agent publishes only the events of its own host, {host}, not of {published.Host}.");
        if (published is HostOnline or HostOffline or EventsMissed or RolloutProgress) throw new HubException("Whether a host is online, and how a rollout stands, is the hub's word, not its agent's.");
        // Numbered and stamped by the hub's feed as its own, so the hub's event log keeps it like any other.
        events.Publish(published with { Sequence = 0, Origin = null });
    }

    private (string Host, int TokenId) Binding()
    {
        var user = Context.User ?? throw new HubException("Not authenticated.");
        var host = user.FindFirst(AgentClaims.Host)?.Value ?? throw new HubException("Not an agent connection.");
        var tokenId = int.Parse(user.FindFirst(AgentClaims.TokenId)?.Value ?? "0", CultureInfo.InvariantCulture);
        return (host, tokenId);
    }
}
