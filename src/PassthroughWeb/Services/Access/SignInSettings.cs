using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// The sign-in settings an Admin sets (/settings/sign-in): whether two-factor sign-in is required, and which host
/// groups may sign in with which role. Until an Admin saves them, host accounts are on for the host's administrators
/// group (<c>wheel</c> or <c>sudo</c>, whichever exists) as Admin: those people can already become root on the host.
/// </summary>
public sealed class SignInSettings(IDbContextFactory<PassthroughDbContext> databases, HostGroupDirectory groups, TimeProvider time, ILogger<SignInSettings> logger)
{
    public async Task<SignInPolicy> GetAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var record = await db.SignInSettings.AsNoTracking().Include(s => s.HostGroupRoles)
            .SingleOrDefaultAsync(s => s.Id == SignInSettingsRecord.SingletonId, ct);
        if (record is null)
            return new SignInPolicy(false, true, groups.AdministratorsGroup() is { } admins ? [new HostGroupRole(admins, Role.Admin)] : [], IsDefault: true);
        return new SignInPolicy(record.RequireTwoFactor, record.HostAccountsEnabled,
            [.. record.HostGroupRoles.OrderBy(g => g.Id).Select(g => new HostGroupRole(g.Group, g.Role))], IsDefault: false);
    }

    /// <summary>Saves the settings (Admins only). The mapping is one <c>group role</c> pair a line; every wrong line is reported.</summary>
    public async Task<AccountChangeResult> SaveAsync(Actor actor, bool requireTwoFactor, bool hostAccountsEnabled, string hostGroups, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "change the sign-in settings") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var (mapping, errors) = HostGroupRole.Parse(hostGroups ?? "");
        if (errors.Count > 0) return AccountChangeResult.Invalid(string.Join(" ", errors));
        var missing = mapping.Where(m => !groups.GroupExists(m.Group)).Select(m => m.Group).ToList();
        if (missing.Count > 0) return AccountChangeResult.Invalid($"This host has no group named {string.Join(", ", missing.Select(g => $"'{g}'"))}.");

        await using var db = await databases.CreateDbContextAsync(ct);
        var record = await db.SignInSettings.Include(s => s.HostGroupRoles).SingleOrDefaultAsync(s => s.Id == SignInSettingsRecord.SingletonId, ct);
        if (record is null)
        {
            record = new SignInSettingsRecord();
            db.SignInSettings.Add(record);
        }
        record.RequireTwoFactor = requireTwoFactor;
        record.HostAccountsEnabled = hostAccountsEnabled;
        record.HostGroupRoles.Clear();
        record.HostGroupRoles.AddRange(mapping.Select(m => new HostGroupRoleRecord { Group = m.Group, Role = m.Role }));
        record.UpdatedAt = time.GetUtcNow();
        record.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Sign-in settings changed by {Actor}: two-factor {TwoFactor}, host accounts {HostAccounts} for {Groups}",
            actor.Name, requireTwoFactor ? "required" : "optional", hostAccountsEnabled ? "on" : "off", HostGroupRole.Format(mapping).Replace('\n', ','));
        return AccountChangeResult.Done("The sign-in settings are saved.");
    }
}
