using Microsoft.AspNetCore.SignalR;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Web.Agents;

/// <summary>
/// Drops the live connection of an agent whose token was revoked, within <see cref="AgentHubSettings.RevocationCheck"/>
/// (a second), whichever process revoked it: the Users page of this app, or <c>token revoke --agent</c> as root on
/// the same data directory. One query while agents are connected, none otherwise.
/// </summary>
public sealed class AgentTokenWatch(AgentConnections connections, IServiceScopeFactory scopes, IHubContext<AgentHub, IAgentClient> hub, AgentHubSettings settings, ILogger<AgentTokenWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.RevocationCheck);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var live = connections.All;
            if (live.Count == 0) continue;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var checkedIds = live.Select(c => c.TokenId).ToHashSet();
                var active = await scope.ServiceProvider.GetRequiredService<AccessTokenStore>().ActiveAgentIdsAsync(checkedIds, stoppingToken);
                // Told first, so the agent ends saying why instead of trying again with a token that is gone.
                foreach (var revoked in live.Where(c => !active.Contains(c.TokenId)))
                    await hub.Clients.Client(revoked.ConnectionId).Revoked($"The agent token of {revoked.Host} was revoked on the hub: this agent is disconnected and refused from now on. Make a new one there (`PassthroughWeb token create --agent {revoked.Host}`).");
                // Only the tokens checked: an agent that connected during the query is not dropped as revoked.
                foreach (var host in connections.DropRevoked(checkedIds, active))
                    logger.LogWarning("The agent token of {Host} was revoked: its connection is closed.", host);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // A busy or briefly locked database: the next tick tries again.
                logger.LogDebug(e, "Checking agent tokens failed; trying again.");
            }
        }
    }
}
