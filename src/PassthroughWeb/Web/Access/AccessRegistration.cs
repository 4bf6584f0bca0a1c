using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>Sign-in, tokens and the authorization rules of the web app, registered in one place.</summary>
public static class AccessRegistration
{
    public const string SignInPath = "/account/login";
    public const string SignOutPath = "/account/logout";
    public const string AccessDeniedPath = "/account/denied";
    public const string TwoFactorSignInPath = "/account/sign-in/two-factor";
    public const string TwoFactorEnrolmentPath = "/account/two-factor";
    public const string SignInSettingsPath = "/settings/sign-in";

    public static IServiceCollection AddPassthroughAccess(this IServiceCollection services)
    {
        services.AddPassthroughIdentityCore().AddSignInManager<PassthroughSignInManager>();
        services.AddScoped<SignInService>();
        services.AddSingleton<HostSignInThrottle>();
        services.AddSingleton<SetupLink>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = AccessSchemes.CookieOrToken;
                options.DefaultChallengeScheme = AccessSchemes.CookieOrToken;
                options.DefaultForbidScheme = AccessSchemes.CookieOrToken;
            })
            .AddPolicyScheme(AccessSchemes.CookieOrToken, "Sign-in cookie or access token", policy =>
                policy.ForwardDefaultSelector = context =>
                    AccessTokenRequest.Find(context.Request) is not null ? AccessSchemes.Token : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AccessSchemes.Token, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(cookie =>
            {
                cookie.LoginPath = SignInPath;
                cookie.LogoutPath = SignOutPath;
                cookie.AccessDeniedPath = AccessDeniedPath;
                cookie.Cookie.Name = "PassthroughWeb.Auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                // Scripts and hubs get a status code, not the sign-in page's HTML.
                cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            }));
        // Checked at every request rather than every 30 minutes (the default), so "sign out everywhere", a password
        // reset and a role change end other sessions at once. One indexed read per request is cheap at this app's scale.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.AddAuthorizationBuilder()
            // Every endpoint not marked otherwise needs a signed-in user or a token: a new page is covered by default.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AccessSchemes.CookieOrToken).RequireAuthenticatedUser().Build())
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(AccessSchemes.CookieOrToken).RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StampRevalidatingStateProvider>();
        services.AddScoped<CurrentActor>();
        return services;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (ScriptPaths.Contains(path))
        {
            // A bare status: the status code pages would re-execute /not-found, itself a page that redirects to the sign-in.
            DisableStatusCodePages(context.HttpContext);
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Keeps a 401 or 403 a bare status code instead of a re-executed error page.</summary>
    public static void DisableStatusCodePages(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
