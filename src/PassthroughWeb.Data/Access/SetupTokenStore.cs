using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Data.Access;

/// <summary>The one-time setup secret that creates the first Admin: issued at a start with no users, claimed once.</summary>
public sealed class SetupTokenStore(PassthroughDbContext db, TimeProvider time)
{
    /// <summary>A new setup secret; the ones printed at earlier starts and never used stop working.</summary>
    public async Task<string> IssueAsync(CancellationToken ct)
    {
        await db.SetupTokens.Where(s => s.UsedAt == null).ExecuteDeleteAsync(ct);
        var secret = SecretToken.Generate();
        db.SetupTokens.Add(new SetupTokenRecord { Hash = SecretToken.Hash(secret), CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Whether <paramref name="secret"/> is an unused setup secret (the setup page shows its form only then).</summary>
    public async Task<bool> IsUnusedAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret)) return false;
        var hash = SecretToken.Hash(secret);
        return await db.SetupTokens.AnyAsync(s => s.Hash == hash && s.UsedAt == null, ct);
    }

    /// <summary>
    /// Marks the secret used by <paramref name="userName"/>, in one UPDATE that only an unused secret matches: of two
    /// requests with the same link, one wins. False when the secret is unknown or already used.
    /// </summary>
    public async Task<bool> ClaimAsync(string? secret, string userName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret)) return false;
        var hash = SecretToken.Hash(secret);
        var now = time.GetUtcNow();
        var claimed = await db.SetupTokens.Where(s => s.Hash == hash && s.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now).SetProperty(r => r.UsedBy, userName), ct);
        return claimed == 1;
    }
}
