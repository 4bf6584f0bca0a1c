using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>
/// Authenticates a request by its access token: the token's hash must match an active (not revoked, not expired)
/// token whose owner is not locked out. The owner's role is read at every request, so a role change or a removal
/// takes effect at once. Agent tokens are refused here: they open the agent hub alone.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, AccessTokenStore tokens, TimeProvider time)
    : BearerTokenHandler(options, loggers, encoder)
{
    /// <summary>The claim naming the token an action was authenticated by.</summary>
    public const string TokenNameClaim = "passthroughweb:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = AccessTokenRequest.Find(Request);
        if (secret is null) return AuthenticateResult.NoResult();
        var token = await tokens.FindActiveAsync(secret, Context.RequestAborted);
        // Never the secret in a log line: only that it failed.
        if (token?.User is not { } user) return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        // An agent token opens the agent hub only (AgentTokenHandler): as its Admin owner it would open everything.
        if (token.Kind != AccessTokenKind.User) return AuthenticateResult.Fail("An agent token is good only for the agent hub.");
        if (user.LockoutEnd is { } until && until > time.GetUtcNow()) return AuthenticateResult.Fail("The token's owner is locked out.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.UserName ?? ""),
                new Claim(ClaimTypes.Role, user.Role.ToString()),
                new Claim(TokenNameClaim, token.Name),
            ],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
