using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Web.Api;

/// <summary>What every signed-in user may read about the hosts: the list, a host's newest profile, its history.</summary>
public static class HostsApi
{
    public static RouteGroupBuilder MapHostsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var hosts = api.MapGroup("/hosts").WithTags("Hosts");
        hosts.MapGet("/", ListAsync).WithName("ListHosts")
            .WithSummary("The hosts this app knows")
            .WithDescription("Every host with a stored profile: its name, whether it is online (an agent's host while its agent is connected), when it was last scanned and last seen, where it comes from (local, demo or agent), and its GPUs with the scan's verdict.")
            .Produces<IReadOnlyList<HostEntry>>();
        hosts.MapGet("/{name}/profile", ProfileAsync).WithName("GetHostProfile")
            .WithSummary("A host's newest profile")
            .WithDescription("The stored newest scan of the host, exactly the document `PassthroughWeb scan --json` prints (docs/cli.md, the JSON contract).")
            .Produces<ScanDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        hosts.MapGet("/{name}/history", HistoryAsync).WithName("GetHostHistory")
            .WithSummary("A host's change sets and events")
            .WithDescription("Newest first, exactly the document `PassthroughWeb history --json` prints: each change set with its diff and commands, and the events (verifications, rollbacks, rehearsals …).")
            .Produces<HistoryDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(HostStandingQuery standings, CancellationToken ct)
    {
        var hosts = await standings.ListAsync(ct);
        return TypedResults.Ok(hosts.Select(h => new HostEntry
        {
            Name = h.Name,
            Online = h.Online,
            LastScan = h.Host.LastScan,
            LastSeen = h.Host.LastSeen,
            Source = h.Source,
            Gpus = [.. h.Host.Report.Gpus.Select(g => new HostGpuEntry { Address = g.Address.ToString(), Name = g.Name, Verdict = ScanDocumentMapper.Verdict(g.Verdict) })],
        }).ToList());
    }

    private static async Task<IResult> ProfileAsync(string name, HostCatalog catalog, CancellationToken ct) =>
        await catalog.GetLatestAsync(name, ct) is { } profile
            ? ApiResults.Document(ScanDocumentMapper.Map(profile.Report), CliJsonContext.Output.ScanDocument)
            : ApiResults.UnknownHost(name);

    private static async Task<IResult> HistoryAsync(string name, HostLookup hosts, HistoryQuery history, CancellationToken ct)
    {
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Document(StepDocumentMapper.History(host, await history.HistoryAsync(host.Name, ct)), CliJsonContext.Output.HistoryDocument);
    }
}
