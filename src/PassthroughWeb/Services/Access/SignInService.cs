using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Signs people in to the web app and out again. <see cref="SignInAsync"/> is the one place a name and password
/// are checked, by Identity for the app's own users and by PAM for host accounts, and the second factor is asked for
/// here too, so every page and endpoint gets the same answer and the same log line.
/// </summary>
/// <remarks>
/// A name that belongs to one of the app's own users (made by the setup link, the Users page or <c>user add</c>) is
/// always that user: a host account of the same name cannot sign in. Any other name is tried as a host account when
/// host accounts are on: PAM checks the password, the host groups give the role, and a user row marked as a host
/// account is created at the first sign-in and updated at every one (role, or refusal when no longer in a group).
/// </remarks>
public sealed class SignInService(
    PassthroughSignInManager signIns,
    UserManager<PassthroughUser> users,
    SignInSettings settings,
    PamAuthenticator pam,
    HostGroupDirectory hostGroups,
    HostSignInThrottle throttle,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    /// <summary>
    /// Checks the password (a failure counts towards the lockout) and, when it is right, issues the sign-in cookie,
    /// or the two-factor cookie when the user must still give a code (<see cref="SignInOutcome.RequiresTwoFactor"/>).
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string name, string password, bool remember, string? remoteAddress)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return SignInOutcome.Failed;
        name = name.Trim();
        var user = await users.FindByNameAsync(name);
        var outcome = user is { IsHostAccount: false }
            ? Outcome(await signIns.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true))
            : await HostAccountSignInAsync(name, user, password, remember, remoteAddress);
        Log(name, remoteAddress, outcome, "password");
        return outcome;
    }

    /// <summary>The second step: a code from the authenticator app. A wrong code counts towards the lockout.</summary>
    public async Task<SignInOutcome> SignInWithCodeAsync(string code, bool remember, string? remoteAddress)
    {
        var user = await signIns.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return SignInOutcome.Failed;
        var outcome = Outcome(await signIns.TwoFactorAuthenticatorSignInAsync(TwoFactorEnrolment.Normalize(code), remember, rememberClient: false));
        Log(user.UserName, remoteAddress, outcome, "authenticator code");
        return outcome;
    }

    /// <summary>The second step with a recovery code instead (each works once). A wrong one counts towards the lockout.</summary>
    public async Task<SignInOutcome> SignInWithRecoveryCodeAsync(string code, string? remoteAddress)
    {
        var user = await signIns.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return SignInOutcome.Failed;
        // Identity checks no lockout for recovery codes: a locked account stays locked whatever code comes.
        if (await users.IsLockedOutAsync(user)) return SignInOutcome.LockedOut;
        // Recovery codes keep their hyphen ("abcde-fghij"): only stray spaces go.
        var result = await signIns.TwoFactorRecoveryCodeSignInAsync(new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()));
        if (!result.Succeeded && !result.IsLockedOut) await users.AccessFailedAsync(user);
        var outcome = Outcome(result);
        Log(user.UserName, remoteAddress, outcome, "recovery code");
        if (outcome == SignInOutcome.SignedIn) logger.LogWarning("{User} used a recovery code; {Left} left", user.UserName, await users.CountRecoveryCodesAsync(user));
        return outcome;
    }

    /// <summary>Whether this browser is between the password and the code (it holds Identity's two-factor cookie).</summary>
    public async Task<bool> IsWaitingForCodeAsync() => await signIns.GetTwoFactorAuthenticationUserAsync() is not null;

    /// <summary>Signs a user in without a password: only right after the setup link created them.</summary>
    public async Task SignInAfterSetupAsync(PassthroughUser user) => await signIns.SignInAsync(user, isPersistent: false);

    /// <summary>Issues a fresh cookie for the signed-in user (after their own password change moved the security stamp).</summary>
    public async Task RefreshAsync(PassthroughUser user) => await signIns.RefreshSignInAsync(user);

    public async Task SignOutAsync() => await signIns.SignOutAsync();

    private async Task<SignInOutcome> HostAccountSignInAsync(string name, PassthroughUser? user, string password, bool remember, string? remoteAddress)
    {
        var policy = await settings.GetAsync(CancellationToken.None);
        if (!policy.HostAccountsEnabled || policy.HostGroups.Count == 0)
            return user is null ? SignInOutcome.Failed : SignInOutcome.NotAllowed;
        if (user is not null ? await users.IsLockedOutAsync(user) : throttle.IsLockedOut(name)) return SignInOutcome.LockedOut;

        // PAM blocks (modules read files, ask daemons, and sleep after a failure): off the request's thread.
        var check = await Task.Run(() => pam.Check(name, password, remoteAddress));
        if (!check.Accepted)
        {
            if (check.Outcome == HostPasswordOutcome.AccountUnusable) return SignInOutcome.HostAccountUnusable;
            if (check.Outcome == HostPasswordOutcome.Unavailable) logger.LogError("Host accounts cannot sign in: PAM answered {Detail}", check.Detail);
            return await CountFailureAsync(name, user);
        }

        var role = HostGroupRole.RoleFor(hostGroups.GroupsOf(name) ?? [], policy.HostGroups);
        if (role is not { } granted)
        {
            // Left the group since the last sign-in: their open sessions end too.
            if (user is not null) await users.UpdateSecurityStampAsync(user);
            return SignInOutcome.NotInHostGroup;
        }
        if (user is null)
        {
            user = new PassthroughUser { UserName = name, Role = granted, IsHostAccount = true, CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                logger.LogError("Host account {User} could not be added: {Errors}", name, string.Join(" ", created.Errors.Select(e => e.Description)));
                return SignInOutcome.NotAllowed;
            }
            logger.LogInformation("Host account {User} added as {Role} from its host groups", name, granted);
        }
        else if (user.Role != granted)
        {
            logger.LogInformation("Host account {User} is now {Role} (was {Previous}) from its host groups", name, granted, user.Role);
            user.Role = granted;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
        }
        throttle.Reset(name);
        await users.ResetAccessFailedCountAsync(user);
        return Outcome(await signIns.SignInVerifiedHostAccountAsync(user, remember));
    }

    private async Task<SignInOutcome> CountFailureAsync(string name, PassthroughUser? user)
    {
        if (user is null) return throttle.Fail(name) ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    private static SignInOutcome Outcome(SignInResult result) =>
        result.Succeeded ? SignInOutcome.SignedIn
        : result.IsLockedOut ? SignInOutcome.LockedOut
        : result.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor
        : result.IsNotAllowed ? SignInOutcome.NotAllowed
        : SignInOutcome.Failed;

    private void Log(string? name, string? remoteAddress, SignInOutcome outcome, string step)
    {
        if (outcome is SignInOutcome.SignedIn or SignInOutcome.RequiresTwoFactor) logger.LogInformation("Sign-in of {User} from {Address}: {Step} accepted, {Outcome}", name, remoteAddress, step, outcome);
        else logger.LogWarning("Sign-in of {User} from {Address} refused at the {Step}: {Outcome}", name, remoteAddress, step, outcome);
    }
}
