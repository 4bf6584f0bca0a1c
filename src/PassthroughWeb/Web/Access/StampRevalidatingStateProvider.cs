using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>
/// A Blazor circuit outlives the request that opened it: every minute this checks the circuit user's security stamp
/// against the database, so "sign out everywhere", a role change, a password reset or a removal ends open circuits too.
/// </summary>
public sealed class StampRevalidatingStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PassthroughUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null) return false;
        if (authenticationState.User.Identity?.AuthenticationType == AccessSchemes.Token)
        {
            var tokenName = authenticationState.User.FindFirstValue(TokenAuthenticationHandler.TokenNameClaim);
            return tokenName is not null && await scope.ServiceProvider.GetRequiredService<AccessTokenStore>().IsActiveAsync(user.Id, tokenName, cancellationToken);
        }
        if (!users.SupportsUserSecurityStamp) return true;
        var principalStamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
