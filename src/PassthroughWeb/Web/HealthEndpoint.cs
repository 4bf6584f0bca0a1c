using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Web;

/// <summary><c>GET /health</c>: 200 with <c>{status, database, hosts}</c> when the database answers, 503 when it does not.</summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, GetAsync).WithName("Health").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HostCatalog catalog, Configuration.ServeOptions options, CancellationToken ct)
    {
        var database = PassthroughDatabase.PathIn(options.DataDirectory);
        try
        {
            var hosts = await catalog.CountHostsAsync(ct);
            return Results.Ok(new HealthReport("ok", database, hosts));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return Results.Json(new HealthReport($"database error: {e.Message}", database, 0), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
