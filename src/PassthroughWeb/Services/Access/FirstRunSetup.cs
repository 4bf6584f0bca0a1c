using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// There is no default password. At a start with no users the app issues a one-time setup secret (stored hashed) and
/// prints a link with it; only that link creates the first Admin, and only once.
/// </summary>
public sealed class FirstRunSetup(PassthroughDbContext db, SetupTokenStore setupTokens, UserAdministration administration, UserManager<PassthroughUser> users)
{
    /// <summary>A fresh setup secret when the app has no users yet; null otherwise.</summary>
    public async Task<string?> IssueIfNeededAsync(CancellationToken ct) =>
        await db.Users.AnyAsync(ct) ? null : await setupTokens.IssueAsync(ct);

    /// <summary>Whether the setup page should offer its form for this secret.</summary>
    public async Task<bool> IsOpenAsync(string? secret, CancellationToken ct) =>
        !await db.Users.AnyAsync(ct) && await setupTokens.IsUnusedAsync(secret, ct);

    /// <summary>
    /// Creates the first Admin if the secret is unused and there is still no user. The claim and the user are one
    /// transaction: a password the policy refuses leaves the link usable, and two requests with the link create one Admin.
    /// </summary>
    public async Task<(AccountChangeResult Result, PassthroughUser? Admin)> CompleteAsync(string? secret, string name, string password, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Users.AnyAsync(ct) || !await setupTokens.ClaimAsync(secret, name ?? "", ct))
            return (AccountChangeResult.Invalid("This setup link is not valid: it was used already, or a newer start printed another one."), null);
        var created = await administration.CreateAsync(name ?? "", Role.Admin, password, new Actor(name ?? "", Role.Admin, AuthenticationMethod.Password));
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (created, null);
        }
        await transaction.CommitAsync(ct);
        return (AccountChangeResult.Done($"{name} is the first Admin."), await users.FindByNameAsync(name!));
    }
}
