namespace PassthroughWeb.Web.Access;

/// <summary><c>GET /api/me</c>: who the caller is (name, role, how authenticated), so a script can test its token.</summary>
public static class MeEndpoint
{
    public const string Path = "/api/me";

    /// <summary>The answer: role and method by name (<c>Operator</c>, <c>Token</c>), as scripts compare them.</summary>
    public sealed record Me(string Name, string Role, string Method);

    public static IEndpointRouteBuilder MapMeEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var actor = ClaimsActor.From(context.User);
            return Results.Ok(new Me(actor.Name, actor.Role.ToString(), actor.Method.ToString()));
        }).WithName("Me");
        return endpoints;
    }
}
