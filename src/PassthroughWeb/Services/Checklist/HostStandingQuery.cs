using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Checklist;

/// <summary>Every host the app knows with where it stands, from the scans and the history alone (no host is planned or touched).</summary>
public sealed class HostStandingQuery(HostCatalog catalog, HistoryQuery histories, AgentConnections agents)
{
    public async Task<IReadOnlyList<HostStanding>> ListAsync(CancellationToken ct)
    {
        var result = new List<HostStanding>();
        foreach (var host in await catalog.ListOverviewAsync(ct))
        {
            var isAgent = host.Source == HostSource.Agent;
            var live = isAgent ? agents.Find(host.Name) : null;
            result.Add(new HostStanding
            {
                Host = host,
                // An agent's host keeps its history on that host: the steps are the ones its agent reported, while it is
                // connected. The hub's own history of it is read only when they are not (a fleet's list read a thousand
                // histories it did not use: docs/performance.md, "A fleet of agents").
                Progress = live?.LastReport is { } report && AgentProgress.Of(report) is { } reported
                    ? reported
                    : ChecklistProgress.Of(HostChecklist.FactsOf(host.Report, await histories.HistoryAsync(host.Name, ct))),
                Source = host.IsDemo ? "demo" : host.Source.ToString().ToLowerInvariant(),
                // An imported listing is a picture of a host, not a host that answers; an agent's host is online while connected.
                Online = host.Source != HostSource.Import && (!isAgent || live is not null),
            });
        }
        return result;
    }
}
