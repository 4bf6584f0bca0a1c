using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// What every signed-in user may read about the hosts (the list, a host's newest profile, its history), and the import
/// of a host's listing (Operators).
/// </summary>
public static class HostsApi
{
    public static RouteGroupBuilder MapHostsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var hosts = api.MapGroup("/hosts").WithTags("Hosts");
        hosts.MapGet("/", ListAsync).WithName("ListHosts")
            .WithSummary("The hosts this app knows")
            .WithDescription("Every host with a stored profile: its name, whether it is online (an agent's host while its agent is connected; never an imported one), when it was last scanned and last seen, where it comes from (local, demo, agent or import), its GPUs with the scan's verdict, and whether its hardware drifted from what its applied steps stand on.")
            .Produces<IReadOnlyList<HostEntry>>();
        hosts.MapGet("/{name}/profile", ProfileAsync).WithName("GetHostProfile")
            .WithSummary("A host's newest profile")
            .WithDescription("The stored newest scan of the host, exactly the document `PassthroughWeb scan --json` prints (docs/cli.md, the JSON contract).")
            .Produces<ScanDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        hosts.MapGet("/{name}/history", HistoryAsync).WithName("GetHostHistory")
            .WithSummary("A host's change sets and events")
            .WithDescription("Newest first, exactly the document `PassthroughWeb history --json` prints: each change set with its diff and commands, and the events (verifications, rollbacks, rehearsals …). An agent's host answers from its agent (503 while the agent is offline).")
            .Produces<HistoryDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        hosts.MapPost("/{name}/import", ImportAsync).WithName("ImportHost")
            .WithSummary("Import a host's listing as a read-only profile")
            .WithDescription("Needs the Operator role and an access token. The body is the listing itself as text/plain (the guide's IOMMU group loop, `lspci -nnk` or `lspci -nn`), or JSON {\"listing\": \"…\", \"sourceName\": \"lspci.txt\"}. Stores it as a new profile of the imported host NAME and answers the profile document (as GET …/profile), whose `import` says what a listing cannot show. 400: not a listing (empty, binary, too long, no device line) or a bad name; 409: NAME is a host this app scans or an agent reports. Nothing is stored on an error. Imported hosts are read-only: every step refuses them.")
            .Accepts<ImportRequestBody>("application/json", "text/plain")
            .Produces<ScanDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        hosts.MapPost("/{name}/drift/accept", AcceptDriftAsync).WithName("AcceptHostDrift")
            .WithSummary("Keep a host's hardware as its newest profile shows it")
            .WithDescription("Needs the Operator role and an access token. When the newest profile differs from what the host's applied steps stand on (`drifted` in the host list), takes it as what they stand on from now and records that in the history, as `drift accept` does: for a drift that needs no new change set (a card bound by its IDs that moved slot). Answers the `drift accept --json` document: `accepted`, or `nothingToAccept` when the hardware already matches.")
            .Produces<DriftAcceptDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> AcceptDriftAsync(string name, HttpContext context, Services.Drift.PlannedDeviceRecorder planned, CancellationToken ct)
    {
        var accepted = await planned.AcceptAsync(name, ClaimsActor.From(context.User), ct);
        return accepted.Outcome switch
        {
            Services.Drift.DriftAcceptanceOutcome.NotAllowed => ApiResults.NotAllowed(accepted.Message),
            Services.Drift.DriftAcceptanceOutcome.UnknownHost => ApiResults.UnknownHost(name),
            _ => ApiResults.Document(DriftAcceptDocument.Map(name, accepted), CliJsonContext.Output.DriftAcceptDocument),
        };
    }

    private static async Task<IResult> ListAsync(HostStandingQuery standings, CancellationToken ct)
    {
        var hosts = await standings.ListAsync(ct);
        return TypedResults.Ok(hosts.Select(h => new HostEntry
        {
            // The checklist's re-check state is the drift the hosts page shows: one answer for both.
            Drifted = h.Progress.Steps.Any(s => s.State == Core.Checklist.ChecklistState.Recheck),
            Name = h.Name,
            Online = h.Online,
            LastScan = h.Host.LastScan,
            LastSeen = h.Host.LastSeen,
            Source = h.Source,
            Gpus = [.. h.Host.Report.Gpus.Select(g => new HostGpuEntry { Address = g.Address.ToString(), Name = g.Name, Verdict = ScanDocumentMapper.Verdict(g.Verdict) })],
            Steps = [.. h.Progress.Steps.Select(Services.Agents.AgentStepStatus.Of)],
            StepsLastKnown = h.StepsLastKnown,
        }).ToList());
    }

    /// <summary>What import takes, for the message when a body is not it.</summary>
    private const string ImportAccepted = "the listing as text/plain, or {\"listing\": \"IOMMU Group 1:\\n\\t01:00.0 VGA compatible controller [0300]: …\", \"sourceName\": \"lspci.txt\"} (see docs/api.md).";

    /// <summary>Bytes past which a body is not a listing (a listing of a 500-device server is under 100 KB), refused before it is read whole.</summary>
    private const int MaxImportBytes = 4 * Core.Import.ListingImporter.MaxCharacters;

    private static async Task<IResult> ImportAsync(string name, HttpContext context, ImportOperation imports, CancellationToken ct)
    {
        var request = context.Request;
        if (request.ContentLength > MaxImportBytes) return ApiResults.TooLarge(MaxImportBytes);
        var bytes = await ApiRequestBody.ReadBytesAsync(request, MaxImportBytes, ct);
        if (bytes is null) return ApiResults.TooLarge(MaxImportBytes);
        string listing;
        string? sourceName = null;
        if (request.HasJsonContentType())
        {
            var (body, problem) = ApiRequestBody.Parse<ImportRequestBody>(bytes, ImportAccepted);
            if (body is null) return ApiResults.BadRequest(problem!);
            listing = body.Listing ?? "";
            sourceName = body.SourceName;
        }
        else
        {
            listing = System.Text.Encoding.UTF8.GetString(bytes);
        }
        var result = await imports.ImportAsync(name, listing, sourceName, ClaimsActor.From(context.User), ct);
        return ApiResults.Import(result);
    }

    private static async Task<IResult> ProfileAsync(string name, HostCatalog catalog, HistoryQuery history, CancellationToken ct) =>
        await catalog.GetLatestAsync(name, ct) is { } profile
            ? ApiResults.Document(ScanDocumentMapper.Map(profile.Report, await history.DriftAsync(profile.HostName, profile.Report, ct)), CliJsonContext.Output.ScanDocument)
            : ApiResults.UnknownHost(name);

    /// <summary>An agent's change sets and events are kept on its host: the agent answers, while it is connected.</summary>
    private static async Task<IResult> HistoryAsync(string name, HttpContext context, HostLookup hosts, Services.Operations.StepDocuments documents, CancellationToken ct)
    {
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.HistoryAsync(host, ClaimsActor.From(context.User), ct));
    }
}
