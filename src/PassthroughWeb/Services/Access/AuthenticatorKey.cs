namespace PassthroughWeb.Services.Access;

/// <summary>
/// The shared secret of an authenticator app (RFC 6238 TOTP, base32), and the <c>otpauth://</c> URI its QR code holds.
/// </summary>
public sealed record AuthenticatorKey(string Secret, Uri EnrolmentUri)
{
    /// <summary>The secret in groups of four, easier to type into an app by hand.</summary>
    public string Readable => string.Join(' ', Secret.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

    public const string Issuer = "PassthroughWeb";

    /// <summary>The account is the user at this host, so someone running the app on several hosts can tell their entries apart.</summary>
    public static AuthenticatorKey For(string secret, string userName, string hostName)
    {
        var account = $"{userName}@{hostName}";
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        return new AuthenticatorKey(secret, new Uri(uri));
    }
}
