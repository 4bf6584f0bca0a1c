using Microsoft.AspNetCore.Antiforgery;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Web.Access;

/// <summary><c>POST /account/logout</c>: ends this browser's session (a form with an antiforgery token posts here).</summary>
public static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapSignOutEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(AccessRegistration.SignOutPath, async (SignInService signIns) =>
        {
            await signIns.SignOutAsync();
            return Results.LocalRedirect(AccessRegistration.SignInPath);
        }).WithName("SignOut").WithMetadata(new RequireAntiforgeryTokenAttribute(), new AllowedBeforeTwoFactorAttribute());
        return endpoints;
    }
}
