using System.Globalization;

namespace PassthroughWeb.Services.Requests;

/// <summary>Sizes as people type them (on the command line, in the API's bodies): <c>8G</c>, <c>8GiB</c>, <c>1536M</c>, <c>64</c> (a plain number is GiB). Units are binary.</summary>
internal static class ByteSize
{
    public static long? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits])) digits++;
        if (digits == 0 || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        var shift = trimmed[digits..].ToUpperInvariant() switch
        {
            "" or "G" or "GB" or "GIB" => 30,
            "M" or "MB" or "MIB" => 20,
            "T" or "TB" or "TIB" => 40,
            _ => -1,
        };
        if (shift < 0 || number > long.MaxValue >> shift) return null;
        return number << shift;
    }
}
