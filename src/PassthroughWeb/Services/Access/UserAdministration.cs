using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Users and their passwords, for the <c>user</c> verbs and the Users and Account pages. Managing others needs the
/// Admin role; changing one's own password and signing out everywhere need only being signed in. The last Admin
/// cannot be removed or demoted, so the app never locks its owner out.
/// </summary>
public sealed class UserAdministration(UserManager<PassthroughUser> users, TimeProvider time, ILogger<UserAdministration> logger)
{
    public async Task<(IReadOnlyList<UserSummary> Users, NotAllowed? Denied)> ListAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "list the users") is { } denied) return ([], denied);
        var all = await users.Users.AsNoTracking().ToListAsync(ct);
        return ([.. all.OrderBy(u => u.UserName, StringComparer.Ordinal).Select(Summary)], null);
    }

    public async Task<AccountChangeResult> AddAsync(Actor actor, string name, Role role, string password)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "add users") is { } denied) return AccountChangeResult.NotAllowed(denied);
        return await CreateAsync(name, role, password, actor);
    }

    /// <summary>Creates a user without asking who: only for the first Admin, whose setup link is the authority.</summary>
    internal async Task<AccountChangeResult> CreateAsync(string name, Role role, string password, Actor by)
    {
        if (string.IsNullOrWhiteSpace(name)) return AccountChangeResult.Invalid("A user needs a name.");
        name = name.Trim();
        if (await users.FindByNameAsync(name) is not null) return AccountChangeResult.Invalid($"There is already a user named '{name}'.");
        var user = new PassthroughUser { UserName = name, Role = role, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded) return Invalid(created);
        logger.LogInformation("User {Name} added as {Role} by {Actor}", name, role, by.Name);
        return AccountChangeResult.Done($"Added {name} as {role}.");
    }

    public async Task<AccountChangeResult> RemoveAsync(Actor actor, string name)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "remove users") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(name);
        if (user is null) return NoSuchUser(name);
        if (user.Role == Role.Admin && await IsLastAdminAsync(user)) return AccountChangeResult.Invalid($"{user.UserName} is the last Admin: add another Admin first.");
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded) return Invalid(deleted);
        logger.LogInformation("User {Name} removed by {Actor}", user.UserName, actor.Name);
        return AccountChangeResult.Done($"Removed {user.UserName} and their tokens.");
    }

    /// <summary>Changes a user's role; their open sessions end (the security stamp changes) so the new role applies at once.</summary>
    public async Task<AccountChangeResult> SetRoleAsync(Actor actor, string name, Role role)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "change roles") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(name);
        if (user is null) return NoSuchUser(name);
        if (user.Role == role) return AccountChangeResult.Done($"{user.UserName} is already {role}.");
        if (user.Role == Role.Admin && await IsLastAdminAsync(user)) return AccountChangeResult.Invalid($"{user.UserName} is the last Admin: make another user Admin first.");
        user.Role = role;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return Invalid(updated);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Name} is now {Role}, set by {Actor}", user.UserName, role, actor.Name);
        return AccountChangeResult.Done($"{user.UserName} is now {role}.");
    }

    /// <summary>An Admin sets a new password for a user (who forgot theirs); it also lifts a lockout and ends their sessions.</summary>
    public async Task<AccountChangeResult> ResetPasswordAsync(Actor actor, string name, string password)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "reset passwords") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(name);
        if (user is null) return NoSuchUser(name);
        if (user.IsHostAccount) return HostPassword(user);
        if (await ValidatePasswordAsync(user, password) is { } invalid) return invalid;
        if (await users.HasPasswordAsync(user))
        {
            var removed = await users.RemovePasswordAsync(user);
            if (!removed.Succeeded) return Invalid(removed);
        }
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded) return Invalid(added);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Password of {Name} reset by {Actor}", user.UserName, actor.Name);
        return AccountChangeResult.Done($"The password of {user.UserName} is reset; their sessions have ended.");
    }

    /// <summary>The signed-in user changes their own password, proving the current one.</summary>
    public async Task<AccountChangeResult> ChangeOwnPasswordAsync(Actor actor, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return NoSuchUser(actor.Name);
        if (user.IsHostAccount) return HostPassword(user);
        var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword ?? "");
        if (!changed.Succeeded) return Invalid(changed);
        logger.LogInformation("User {Name} changed their password", user.UserName);
        return AccountChangeResult.Done("Your password is changed; your other sessions have ended.");
    }

    /// <summary>Ends every session of the signed-in user: the security stamp changes, so every cookie issued before is refused.</summary>
    public async Task<AccountChangeResult> SignOutEverywhereAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(actor.Name);
        if (user is null) return NoSuchUser(actor.Name);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Name} signed out everywhere", user.UserName);
        return AccountChangeResult.Done("Every session of yours has ended.");
    }

    private async Task<AccountChangeResult?> ValidatePasswordAsync(PassthroughUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password ?? "");
            if (!result.Succeeded) errors.AddRange(result.Errors);
        }
        return errors.Count == 0 ? null : Invalid(IdentityResult.Failed([.. errors]));
    }

    private async Task<bool> IsLastAdminAsync(PassthroughUser user) =>
        !await users.Users.AnyAsync(u => u.Role == Role.Admin && u.Id != user.Id);

    /// <summary>A host account's password is the host's (PAM checks it): the app neither stores nor sets one.</summary>
    private static AccountChangeResult HostPassword(PassthroughUser user) =>
        AccountChangeResult.Invalid($"{user.UserName} is a host account: its password is the one on the host, changed there with passwd.");

    private static AccountChangeResult NoSuchUser(string name) => AccountChangeResult.NotFound($"There is no user named '{name}'.");

    private static AccountChangeResult Invalid(IdentityResult result) =>
        AccountChangeResult.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));

    private static UserSummary Summary(PassthroughUser user) => new(user.UserName ?? "", user.Role, user.CreatedAt, user.LockoutEnd);
}
