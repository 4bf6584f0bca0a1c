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
            // An agent's host keeps its history on that host: the steps are the ones its agent reported, on this connection,
            // else (offline) the last ones it reported, kept by the hub and marked as such.
            var reported = live?.LastReport is { } report ? AgentProgress.Of(report) : null;
            var lastKnown = isAgent && live is null ? AgentProgress.Of(host.ReportedStepsJson) : null;
            result.Add(new HostStanding
            {
                Host = host,
                // The hub's own history of an agent's host is read only when neither gives the steps (a fleet's list read a
                // thousand histories it did not use: docs/performance.md, "A fleet of agents").
                Progress = reported ?? lastKnown ?? ChecklistProgress.Of(HostChecklist.FactsOf(host.Report, await histories.HistoryAsync(host.Name, ct))),
                StepsLastKnown = lastKnown is not null,
                Source = host.IsDemo ? "demo" : host.Source.ToString().ToLowerInvariant(),
                // An imported listing is a picture of a host, not a host that answers; an agent's host is online while connected.
                Online = host.Source != HostSource.Import && (!isAgent || live is not null),
            });
        }
        return result;
    }
}
