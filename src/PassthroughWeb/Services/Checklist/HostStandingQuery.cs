using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Checklist;

/// <summary>Every host the app knows with where it stands, from the scans and the history alone (no host is planned or touched).</summary>
public sealed class HostStandingQuery(HostCatalog catalog, HistoryQuery histories)
{
    public async Task<IReadOnlyList<HostStanding>> ListAsync(CancellationToken ct)
    {
        var result = new List<HostStanding>();
        foreach (var host in await catalog.ListOverviewAsync(ct))
        {
            var history = await histories.HistoryAsync(host.Name, ct);
            result.Add(new HostStanding
            {
                Host = host,
                Progress = ChecklistProgress.Of(HostChecklist.FactsOf(host.Report, history)),
                Source = host.IsDemo ? "demo" : "local",
            });
        }
        return result;
    }
}
