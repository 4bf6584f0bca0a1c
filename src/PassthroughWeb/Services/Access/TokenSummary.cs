using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>An access token as the lists show it: never its secret, which is not stored.</summary>
public sealed record TokenSummary(string User, string Name, AccessTokenKind Kind, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string State);
