namespace PassthroughWeb.Services.Access;

/// <summary>
/// Where a user stands with two-factor sign-in: <see cref="PendingKey"/> is a key made for enrolment and not yet
/// confirmed with a code (null once enrolled, or before enrolment starts).
/// </summary>
public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft, bool Required, AuthenticatorKey? PendingKey);
