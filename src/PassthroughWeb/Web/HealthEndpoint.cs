namespace PassthroughWeb.Web;

/// <summary>
/// <c>GET /health</c>, open to anyone (container health checks, load balancers): 200 with <c>{"status":"ok"}</c> when the
/// database answers, 503 with <c>{"status":"unavailable"}</c> when it does not. It names no path, version or host:
/// an anonymous caller learns only whether the app is up.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, GetAsync).WithName("Health").ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(Services.HostCatalog catalog, ILogger<HealthReport> logger, CancellationToken ct)
    {
        try
        {
            await catalog.CountHostsAsync(ct);
            return Results.Ok(new HealthReport("ok"));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // The reason goes to the log, for the operator; the anonymous caller only learns that the app is not well.
            logger.LogError(e, "Health check: the database does not answer");
            return Results.Json(new HealthReport("unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
