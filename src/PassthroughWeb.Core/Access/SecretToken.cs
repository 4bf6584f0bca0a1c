using System.Security.Cryptography;
using System.Text;

namespace PassthroughWeb.Core.Access;

/// <summary>
/// The random secrets the app hands out (access tokens, the one-time setup link): shown once, stored only as
/// their SHA-256. A secret has 256 random bits, so a plain hash (no salt, no stretching) cannot be reversed;
/// that lets a request's token be found by its hash in one indexed lookup.
/// </summary>
public static class SecretToken
{
    /// <summary>The prefix of access tokens, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string AccessTokenPrefix = "pwt_";

    /// <summary>A new secret: <paramref name="prefix"/> followed by 32 random bytes in base64url (43 characters).</summary>
    public static string Generate(string prefix = "")
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The lowercase hex SHA-256 of the secret's UTF-8 bytes: what the database stores.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Compares a secret with a stored hash in constant time.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        var hash = Encoding.ASCII.GetBytes(Hash(secret));
        return CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(storedHash));
    }
}
