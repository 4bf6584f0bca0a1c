using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Web.Access;

/// <summary><c>GET /api/me</c>: who the caller is (name, role, how authenticated), so a script can test its token.</summary>
public static class MeEndpoint
{
    public const string Path = "/api/me";

    public sealed record Me(string Name, Role Role, AuthenticationMethod Method);

    public static IEndpointRouteBuilder MapMeEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var actor = ClaimsActor.From(context.User);
            return Results.Ok(new Me(actor.Name, actor.Role, actor.Method));
        }).WithName("Me");
        return endpoints;
    }
}
