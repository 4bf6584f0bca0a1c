using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PassthroughWeb.Web.Access;

/// <summary>
/// What every token scheme answers when it refuses: a bare 401 with <c>WWW-Authenticate: Bearer</c> (not the sign-in
/// page a browser gets) and a bare 403, neither turned into an HTML status page: a script reads the status.
/// </summary>
public abstract class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AccessRegistration.DisableStatusCodePages(Context);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        AccessRegistration.DisableStatusCodePages(Context);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
