using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Puts the user's one role into the sign-in cookie as a role claim, so <c>[Authorize(Roles = …)]</c> and the Actor see it.
/// It also says whether the user has two-factor sign-in on, so requiring it costs no database read per request
/// (turning it on or off moves the security stamp, which replaces the cookie).
/// </summary>
public sealed class RoleClaimsPrincipalFactory(UserManager<PassthroughUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PassthroughUser>(users, options)
{
    /// <summary>Present (value "on") when the user has two-factor sign-in enrolled.</summary>
    public const string TwoFactorClaim = "passthroughweb:two-factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PassthroughUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role.ToString()));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwoFactorClaim, "on"));
        return identity;
    }
}
