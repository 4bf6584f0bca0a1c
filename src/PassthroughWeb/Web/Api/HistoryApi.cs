using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.History;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// The audit trail of every host for every signed-in user: a page at a time (keyset-paged), or the whole filtered set
/// as a CSV or JSON download written as it is read. The same filter words as the history page's URL.
/// </summary>
public static class HistoryApi
{
    private const string FilterHelp =
        "Filters, all optional: host, step (host, isolate, vm, guest), user, outcome (applied, failed, rolled-back, interrupted, in-progress, passed, recorded), " +
        "from and to (a date such as 2026-12-01, UTC, where `to` includes that day; or an ISO 8601 time with its offset).";

    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var history = api.MapGroup("/history").WithTags("History");
        history.MapGet("/", PageAsync).WithName("ListHistory")
            .WithSummary("The audit trail of every host, a page at a time")
            .WithDescription("Change sets and events (verifications, rehearsals, rollbacks …) of every host, newest first. " + FilterHelp +
                             " limit: entries per page (1–500, default 50). after: the `next` of the previous page.")
            .Produces<AuditPageDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        history.MapGet("/export.csv", (HttpContext context, HistoryQuery query, CancellationToken ct) => ExportAsync(context, query, csv: true, ct))
            .WithName("ExportHistoryCsv")
            .WithSummary("The filtered audit trail as CSV")
            .WithDescription("Every entry the filters let through, as an RFC 4180 CSV download (text a spreadsheet would read as a formula gets a leading '). " + FilterHelp)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        history.MapGet("/export.json", (HttpContext context, HistoryQuery query, CancellationToken ct) => ExportAsync(context, query, csv: false, ct))
            .WithName("ExportHistoryJson")
            .WithSummary("The filtered audit trail as JSON")
            .WithDescription("Every entry the filters let through, as a JSON download: {\"schemaVersion\": 1, \"entries\": [...]}, each entry as GET /api/history lists it. " + FilterHelp)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> PageAsync(HttpContext context, HistoryQuery query, CancellationToken ct)
    {
        var (filter, problem) = ReadFilter(context.Request.Query);
        if (filter is null) return ApiResults.BadRequest(problem!);
        var words = context.Request.Query;
        AuditCursor? after = null;
        if (!string.IsNullOrEmpty(words["after"]))
        {
            if (!AuditCursor.TryParse(words["after"], out var cursor))
                return ApiResults.BadRequest($"after '{words["after"]}' is not a cursor: pass the `next` of the previous page as it came.");
            after = cursor;
        }
        var limit = HistoryQuery.DefaultPageSize;
        if (!string.IsNullOrEmpty(words["limit"]) && (!int.TryParse(words["limit"], out limit) || limit is < 1 or > Data.AuditTrailStore.MaxPageSize))
            return ApiResults.BadRequest($"limit '{words["limit"]}' is not a page size: use 1 to {Data.AuditTrailStore.MaxPageSize}.");
        var page = await query.PageAsync(filter, after, limit, ct);
        return ApiResults.Document(AuditPageDocument.Of(page), CliJsonContext.Output.AuditPageDocument);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, HistoryQuery query, bool csv, CancellationToken ct)
    {
        var (filter, problem) = ReadFilter(context.Request.Query);
        if (filter is null) return ApiResults.BadRequest(problem!);
        return new AuditExportResult(filter, query, csv);
    }

    /// <summary>The filter from the query string, or every problem with it in one message.</summary>
    public static (AuditFilter? Filter, string? Problem) ReadFilter(IQueryCollection words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return AuditFilter.TryParse(words["host"], words["step"], words["user"], words["outcome"], words["from"], words["to"], out var filter, out var problems)
            ? (filter, null)
            : (null, string.Join(' ', problems));
    }

    /// <summary>Writes the export straight to the response, page by page: the download starts at once and memory stays flat.</summary>
    private sealed class AuditExportResult(AuditFilter filter, HistoryQuery query, bool csv) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var ct = httpContext.RequestAborted;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
            var now = httpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var name = $"passthroughweb-history-{now:yyyyMMdd-HHmmss}.{(csv ? "csv" : "json")}";
            response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            var entries = query.AllAsync(filter, ct);
            if (csv) await AuditCsv.WriteAsync(entries, response.Body, ct);
            else await AuditJson.WriteAsync(entries, response.Body, ct);
        }
    }
}
