namespace PassthroughWeb.Data.Access;

/// <summary>
/// An access token for scripts and agents. Only the SHA-256 of the secret is stored; the secret is shown once,
/// when it is created. Revoking keeps the row (so the history of who had which token stays) and refuses it.
/// </summary>
public sealed class AccessTokenRecord
{
    public int Id { get; set; }

    /// <summary>The owner; the token acts as this user, with the user's current role.</summary>
    public required string UserId { get; set; }
    public PassthroughUser? User { get; set; }

    /// <summary>The label given at creation, unique among the owner's tokens that are not revoked.</summary>
    public required string Name { get; set; }

    public AccessTokenKind Kind { get; set; } = AccessTokenKind.User;

    /// <summary>Lowercase hex SHA-256 of the secret (see <see cref="Core.Access.SecretToken.Hash"/>).</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the token stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Whether the token authenticates at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
