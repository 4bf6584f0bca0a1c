using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>Puts the user's one role into the sign-in cookie as a role claim, so <c>[Authorize(Roles = …)]</c> and the Actor see it.</summary>
public sealed class RoleClaimsPrincipalFactory(UserManager<PassthroughUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PassthroughUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PassthroughUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role.ToString()));
        return identity;
    }
}
