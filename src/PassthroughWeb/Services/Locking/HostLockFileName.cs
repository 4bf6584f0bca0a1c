using System.Security.Cryptography;
using System.Text;

namespace PassthroughWeb.Services.Locking;

/// <summary>
/// A host's name as a file name of the locks directory: letters, digits, '-', '_' and '.' kept (so
/// <c>workstation.lan</c> reads as itself), every other byte written as <c>%XX</c>, a leading '.' too. No name
/// escapes the directory ('/' is escaped, "." and ".." start with an escaped dot) and two names never share a file.
/// </summary>
internal static class HostLockFileName
{
    // Room for the suffixes (".holder.json", a temporary file's ".…tmp") inside the 255 bytes of a Linux file name.
    private const int MaxLength = 160;

    public static string For(string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var name = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(host))
        {
            var c = (char)b;
            var kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && name.Length > 0);
            if (kept) name.Append(c);
            else name.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (name.Length <= MaxLength) return name.ToString();
        // A name this long is no DNS name; a hash keeps it distinct from any other while fitting.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(host)))[..32];
        return name.ToString(0, MaxLength - 33) + "~" + hash;
    }
}
