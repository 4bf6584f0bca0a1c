using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>A user as the lists show it.</summary>
public sealed record UserSummary(string Name, Role Role, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil);
