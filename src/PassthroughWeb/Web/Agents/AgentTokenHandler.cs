using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Agents;

/// <summary>
/// Authenticates an agent by its agent token (<c>Authorization: Bearer</c>, or <c>access_token</c> on the hub path as
/// SignalR's WebSockets send it). Only agent tokens: a user's token and the sign-in cookie do not open the agent hub,
/// and an agent token opens nothing else (<see cref="TokenAuthenticationHandler"/> refuses it).
/// </summary>
public sealed class AgentTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, AccessTokenStore tokens)
    : BearerTokenHandler(options, loggers, encoder)
{
    public const string SchemeName = "AgentToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = AccessTokenRequest.Find(Request);
        if (secret is null) return AuthenticateResult.NoResult();
        var token = await tokens.FindActiveAsync(secret, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("The agent token is unknown or revoked.");
        if (token.Kind != AccessTokenKind.Agent) return AuthenticateResult.Fail("Only an agent token opens the agent hub.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.Name),
                new Claim(AgentClaims.Host, token.Name),
                new Claim(AgentClaims.TokenId, token.Id.ToString(CultureInfo.InvariantCulture)),
            ],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
