using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Data.Access;

/// <summary>Creates, lists, revokes and looks up access tokens. Whether the caller may is decided by the service above it.</summary>
public sealed class AccessTokenStore(PassthroughDbContext db, TimeProvider time)
{
    /// <summary>
    /// A new token for <paramref name="userId"/>; null when the user already has an active token of that name
    /// (labels name tokens for <c>token revoke</c>, so they must not be ambiguous).
    /// </summary>
    public async Task<IssuedAccessToken?> CreateAsync(string userId, string name, AccessTokenKind kind, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var now = time.GetUtcNow();
        var sameName = await db.AccessTokens.Where(t => t.UserId == userId && t.Name == name && t.RevokedAt == null).ToListAsync(ct);
        if (sameName.Any(t => t.IsActiveAt(now))) return null;
        var secret = SecretToken.Generate(SecretToken.AccessTokenPrefix);
        var record = new AccessTokenRecord { UserId = userId, Name = name, Kind = kind, Hash = SecretToken.Hash(secret), CreatedAt = now, ExpiresAt = expiresAt };
        db.AccessTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return new IssuedAccessToken(record, secret);
    }

    /// <summary>Every token (active, expired and revoked) of one user, or of everyone when <paramref name="userId"/> is null; newest first.</summary>
    public async Task<IReadOnlyList<AccessTokenRecord>> ListAsync(string? userId, CancellationToken ct)
    {
        var query = db.AccessTokens.Include(t => t.User).AsNoTracking();
        if (userId is not null) query = query.Where(t => t.UserId == userId);
        return await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync(ct);
    }

    /// <summary>Revokes the user's active token of that name; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string userId, string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.Where(t => t.UserId == userId && t.Name == name && t.RevokedAt == null).ToListAsync(ct);
        if (tokens.Count == 0) return false;
        foreach (var token in tokens) token.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The active token whose secret this is, with its owner; null for an unknown, revoked or expired one.</summary>
    public async Task<AccessTokenRecord?> FindActiveAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(SecretToken.AccessTokenPrefix, StringComparison.Ordinal)) return null;
        var hash = SecretToken.Hash(secret);
        var token = await db.AccessTokens.Include(t => t.User).AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, ct);
        return token is not null && token.User is not null && token.IsActiveAt(time.GetUtcNow()) ? token : null;
    }

    /// <summary>Whether the user still has an active token of that name (a circuit opened with a token checks it every minute).</summary>
    public async Task<bool> IsActiveAsync(string userId, string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId && t.Name == name && t.RevokedAt == null).ToListAsync(ct);
        return tokens.Any(t => t.IsActiveAt(now));
    }
}
