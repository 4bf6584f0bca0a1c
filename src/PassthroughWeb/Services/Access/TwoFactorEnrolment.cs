using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Two-factor sign-in with an authenticator app (Identity's authenticator token provider: RFC 6238 TOTP, 6 digits,
/// 30 s). A user enrols themselves: a new key, then a code from the app proves it was scanned, then recovery codes
/// are shown once. Enabling or turning off moves the security stamp (Identity does), so the caller refreshes the
/// user's own cookie; their other sessions end.
/// </summary>
public sealed class TwoFactorEnrolment(UserManager<PassthroughUser> users, SignInSettings settings, ILogger<TwoFactorEnrolment> logger)
{
    /// <summary>How many recovery codes a user gets: each signs in once instead of a code from the app.</summary>
    public const int RecoveryCodeCount = 10;

    public async Task<TwoFactorStatus?> GetStatusAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return null;
        var required = (await settings.GetAsync(ct)).RequireTwoFactor;
        if (user.TwoFactorEnabled) return new TwoFactorStatus(true, await users.CountRecoveryCodesAsync(user), required, null);
        var key = await users.GetAuthenticatorKeyAsync(user);
        return new TwoFactorStatus(false, 0, required, key is null ? null : KeyFor(user, key));
    }

    /// <summary>Makes a new authenticator key to scan (replacing an unconfirmed one). Two-factor is not on until <see cref="ConfirmAsync"/>.</summary>
    public async Task<AccountChangeResult> BeginAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return NoSuchUser(actor.Name);
        if (user.TwoFactorEnabled) return AccountChangeResult.Invalid("Two-factor sign-in is already on: turn it off first to use another app.");
        var reset = await users.ResetAuthenticatorKeyAsync(user);
        if (!reset.Succeeded) return Invalid(reset);
        return AccountChangeResult.Done("Scan the QR code with your authenticator app, then enter the code it shows.");
    }

    /// <summary>Checks a code from the app against the pending key; when right, turns two-factor on and issues recovery codes (returned this once).</summary>
    public async Task<(AccountChangeResult Result, IReadOnlyList<string> RecoveryCodes)> ConfirmAsync(Actor actor, string code)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return (NoSuchUser(actor.Name), []);
        if (user.TwoFactorEnabled) return (AccountChangeResult.Invalid("Two-factor sign-in is already on."), []);
        if (await users.GetAuthenticatorKeyAsync(user) is null) return (AccountChangeResult.Invalid("Start the set-up first: there is no key to confirm."), []);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
            return (AccountChangeResult.Invalid("That code is not right. Check the time on your phone and enter the code the app shows now."), []);
        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded) return (Invalid(enabled), []);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        logger.LogInformation("User {Name} turned on two-factor sign-in", user.UserName);
        return (AccountChangeResult.Done("Two-factor sign-in is on. Keep the recovery codes somewhere safe: each works once, and they are shown only now."), [.. codes ?? []]);
    }

    /// <summary>Replaces the recovery codes (the old ones stop working); returns the new ones this once.</summary>
    public async Task<(AccountChangeResult Result, IReadOnlyList<string> RecoveryCodes)> RenewRecoveryCodesAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return (NoSuchUser(actor.Name), []);
        if (!user.TwoFactorEnabled) return (AccountChangeResult.Invalid("Two-factor sign-in is off: there are no recovery codes to renew."), []);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        logger.LogInformation("User {Name} renewed their recovery codes", user.UserName);
        return (AccountChangeResult.Done("New recovery codes: the old ones no longer work. They are shown only now."), [.. codes ?? []]);
    }

    /// <summary>Turns two-factor off for the signed-in user and forgets the key, unless an Admin requires it.</summary>
    public async Task<AccountChangeResult> DisableAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if ((await settings.GetAsync(ct)).RequireTwoFactor)
            return AccountChangeResult.Invalid("An Admin requires two-factor sign-in: it cannot be turned off. To move to another app, ask an Admin to reset it.");
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return NoSuchUser(actor.Name);
        return await TurnOffAsync(user, actor);
    }

    /// <summary>An Admin turns off another user's two-factor sign-in (a lost phone and lost recovery codes); they enrol again.</summary>
    public async Task<AccountChangeResult> ResetAsync(Actor actor, string userName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "reset other users' two-factor sign-in") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(userName);
        if (user is null) return NoSuchUser(userName);
        return await TurnOffAsync(user, actor);
    }

    /// <summary>The code as Identity checks it: authenticator apps show "123 456", people type "123-456".</summary>
    public static string Normalize(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    private async Task<AccountChangeResult> TurnOffAsync(PassthroughUser user, Actor actor)
    {
        var disabled = await users.SetTwoFactorEnabledAsync(user, false);
        if (!disabled.Succeeded) return Invalid(disabled);
        // A new key nobody has scanned: the old app's codes stop working at once.
        var reset = await users.ResetAuthenticatorKeyAsync(user);
        if (!reset.Succeeded) return Invalid(reset);
        logger.LogInformation("Two-factor sign-in of {Name} turned off by {Actor}", user.UserName, actor.Name);
        return AccountChangeResult.Done($"Two-factor sign-in of {user.UserName} is off.");
    }

    private static AuthenticatorKey KeyFor(PassthroughUser user, string key) =>
        AuthenticatorKey.For(key, user.UserName ?? "", Environment.MachineName);

    private static AccountChangeResult NoSuchUser(string name) => AccountChangeResult.NotFound($"There is no user named '{name}'.");

    private static AccountChangeResult Invalid(IdentityResult result) =>
        AccountChangeResult.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
}
