namespace PassthroughWeb.Web.Api;

/// <summary>The problem statuses a route can answer, for the OpenAPI document, in one line per route.</summary>
public static class RouteProblems
{
    /// <summary>Declares each of <paramref name="statuses"/> as an RFC 9457 problem answer of the route.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses) route.ProducesProblem(status);
        return route;
    }
}
