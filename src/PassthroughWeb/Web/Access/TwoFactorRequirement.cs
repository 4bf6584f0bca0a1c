using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>
/// When an Admin requires two-factor sign-in, a user signed in with a password who has not enrolled is sent to
/// enrol (pages) or refused (API and hubs) on every endpoint but the enrolment page and sign-out. Access tokens
/// are not affected: a script cannot type a code, and whoever made the token signed in to do so.
/// </summary>
public static class TwoFactorRequirement
{
    public static IApplicationBuilder UseTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (await MustEnrolFirstAsync(context))
        {
            var path = context.Request.Path;
            if (ScriptPaths.Contains(path))
            {
                AccessRegistration.DisableStatusCodePages(context);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            context.Response.Redirect(AccessRegistration.TwoFactorEnrolmentPath);
            return;
        }
        await next(context);
    });

    private static async Task<bool> MustEnrolFirstAsync(HttpContext context)
    {
        // Only the sign-in cookie: the claim says whether two-factor is on, so an enrolled user costs no read.
        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: var type } || type != IdentityConstants.ApplicationScheme) return false;
        if (context.User.HasClaim(c => c.Type == RoleClaimsPrincipalFactory.TwoFactorClaim)) return false;
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null || metadata.GetMetadata<IAllowAnonymous>() is not null || metadata.GetMetadata<AllowedBeforeTwoFactorAttribute>() is not null) return false;
        var settings = context.RequestServices.GetRequiredService<SignInSettings>();
        return (await settings.GetAsync(context.RequestAborted)).RequireTwoFactor;
    }
}
