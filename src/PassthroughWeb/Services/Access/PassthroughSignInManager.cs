using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Identity's sign-in manager, with one addition: a host account, whose password PAM has just accepted, continues
/// exactly as a local password sign-in does, to the two-factor step when the user has it on. Identity keeps that
/// step (<c>SignInOrTwoFactorAsync</c>) protected, so this subclass is the way in.
/// </summary>
public sealed class PassthroughSignInManager(
    UserManager<PassthroughUser> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<PassthroughUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PassthroughUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PassthroughUser> confirmation)
    : SignInManager<PassthroughUser>(users, context, claims, options, logger, schemes, confirmation)
{
    /// <summary>Signs in a host account PAM accepted: the cookie, or the two-factor cookie when a code is still needed.</summary>
    public Task<SignInResult> SignInVerifiedHostAccountAsync(PassthroughUser user, bool isPersistent) =>
        SignInOrTwoFactorAsync(user, isPersistent);
}
