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
        var sameName = await db.AccessTokens.Where(t => t.UserId == userId && t.Name == name && t.Kind == kind && t.RevokedAt == null).ToListAsync(ct);
        if (sameName.Any(t => t.IsActiveAt(now))) return null;
        var secret = SecretToken.Generate(SecretToken.AccessTokenPrefix);
        var record = new AccessTokenRecord { UserId = userId, Name = name, Kind = kind, Hash = SecretToken.Hash(secret), CreatedAt = now, ExpiresAt = expiresAt };
        db.AccessTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return new IssuedAccessToken(record, secret);
    }

    /// <summary>
    /// A new agent token bound to <paramref name="hostName"/>, owned by the Admin <paramref name="ownerId"/>; null when
    /// the host already has an active agent token (one per host: the old one must be revoked first, so a second
    /// machine cannot quietly take over a host's name).
    /// </summary>
    public async Task<IssuedAccessToken?> CreateAgentAsync(string ownerId, string hostName, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        if (await FindActiveAgentAsync(hostName, ct) is not null) return null;
        var secret = SecretToken.Generate(SecretToken.AccessTokenPrefix);
        var record = new AccessTokenRecord { UserId = ownerId, Name = hostName, Kind = AccessTokenKind.Agent, Hash = SecretToken.Hash(secret), CreatedAt = time.GetUtcNow() };
        db.AccessTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return new IssuedAccessToken(record, secret);
    }

    /// <summary>Revokes the host's active agent token, whoever created it; false when it has none.</summary>
    public async Task<bool> RevokeAgentAsync(string hostName, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.Where(t => t.Kind == AccessTokenKind.Agent && t.Name == hostName && t.RevokedAt == null).ToListAsync(ct);
        if (tokens.Count == 0) return false;
        foreach (var token in tokens) token.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The host's active agent token, or null.</summary>
    public async Task<AccessTokenRecord?> FindActiveAgentAsync(string hostName, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.Kind == AccessTokenKind.Agent && t.Name == hostName && t.RevokedAt == null).ToListAsync(ct);
        return tokens.FirstOrDefault(t => t.IsActiveAt(now));
    }

    /// <summary>The ids of the agent tokens among <paramref name="ids"/> that still authenticate (the hub drops the connections of the others).</summary>
    public async Task<IReadOnlySet<int>> ActiveAgentIdsAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return new HashSet<int>();
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => ids.Contains(t.Id) && t.Kind == AccessTokenKind.Agent && t.RevokedAt == null).ToListAsync(ct);
        return tokens.Where(t => t.IsActiveAt(now)).Select(t => t.Id).ToHashSet();
    }

    /// <summary>Every token (active, expired and revoked) of one user, or of everyone when <paramref name="userId"/> is null; newest first.</summary>
    public async Task<IReadOnlyList<AccessTokenRecord>> ListAsync(string? userId, CancellationToken ct)
    {
        var query = db.AccessTokens.Include(t => t.User).AsNoTracking();
        if (userId is not null) query = query.Where(t => t.UserId == userId);
        return await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync(ct);
    }

    /// <summary>Revokes the user's active token of that name (never an agent token: those go by host); false when there is none.</summary>
    public async Task<bool> RevokeAsync(string userId, string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await db.AccessTokens.Where(t => t.UserId == userId && t.Name == name && t.Kind == AccessTokenKind.User && t.RevokedAt == null).ToListAsync(ct);
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
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId && t.Name == name && t.Kind == AccessTokenKind.User && t.RevokedAt == null).ToListAsync(ct);
        return tokens.Any(t => t.IsActiveAt(now));
    }
}
