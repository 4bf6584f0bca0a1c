namespace PassthroughWeb.Web;

/// <summary>
/// <c>GET /health</c>, open to anyone (container health checks, load balancers): 200 with <c>{"status":"ok"}</c> when the
/// database answers and the start-up work is done, 200 with <c>{"status":"starting"}</c> while the app already serves but
/// still scans, 503 with <c>{"status":"unavailable"}</c> when the database does not answer or the start-up work failed.
/// It names no path, version or host: an anonymous caller learns only whether the app is up.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Get).WithName("Health").ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static IResult Get(Services.EngineOptions engine, Services.StartupProgress startup, ILogger<HealthReport> logger)
    {
        try
        {
            // Plain SQL: the first EF Core query would build its model, a second or more of an answer during start-up.
            Data.PassthroughDatabase.Ping(engine.Database);
        }
        catch (System.Data.Common.DbException e)
        {
            // The reason goes to the log, for the operator; the anonymous caller only learns that the app is not well.
            logger.LogError(e, "Health check: the database does not answer");
            return Results.Json(new HealthReport("unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return startup.Stage switch
        {
            Services.StartupStage.Ready => Results.Ok(new HealthReport("ok")),
            Services.StartupStage.Failed => Results.Json(new HealthReport("unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => Results.Ok(new HealthReport("starting")),
        };
    }
}
