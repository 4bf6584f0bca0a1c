using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Signs people in to the web app and out again. <see cref="SignInAsync"/> is the one place a name and password
/// are checked: other ways to prove them (the host's own accounts through PAM) belong here, and so does what
/// follows a right password (a second factor), so every page and endpoint gets the same answer and the same log line.
/// </summary>
public sealed class SignInService(SignInManager<PassthroughUser> signIns, ILogger<SignInService> logger)
{
    /// <summary>Checks the password (a failure counts towards the lockout) and, when it is right, issues the sign-in cookie.</summary>
    public async Task<SignInOutcome> SignInAsync(string name, string password, bool remember, string? remoteAddress)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return SignInOutcome.Failed;
        var result = await signIns.PasswordSignInAsync(name.Trim(), password, remember, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.SignedIn
            : result.IsLockedOut ? SignInOutcome.LockedOut
            : result.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor
            : result.IsNotAllowed ? SignInOutcome.NotAllowed
            : SignInOutcome.Failed;
        if (outcome == SignInOutcome.SignedIn) logger.LogInformation("Sign-in of {User} from {Address}", name, remoteAddress);
        else logger.LogWarning("Sign-in of {User} from {Address} refused: {Outcome}", name, remoteAddress, outcome);
        return outcome;
    }

    /// <summary>Signs a user in without a password: only right after the setup link created them.</summary>
    public async Task SignInAfterSetupAsync(PassthroughUser user) => await signIns.SignInAsync(user, isPersistent: false);

    /// <summary>Issues a fresh cookie for the signed-in user (after their own password change moved the security stamp).</summary>
    public async Task RefreshAsync(PassthroughUser user) => await signIns.RefreshSignInAsync(user);

    public async Task SignOutAsync() => await signIns.SignOutAsync();
}
