using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Scanning;

/// <summary>A PCI function address, always written in full: <c>dddd:bb:ss.f</c>, lower-case hex.</summary>
[JsonConverter(typeof(PciAddressJsonConverter))]
public readonly record struct PciAddress(int Domain, int Bus, int Slot, int Function) : IComparable<PciAddress>
{
    /// <summary>The address of function 0 of the same slot: all functions of one card share it.</summary>
    public PciAddress SlotAddress => this with { Function = 0 };

    public bool IsSameSlot(PciAddress other) => Domain == other.Domain && Bus == other.Bus && Slot == other.Slot;

    /// <summary>Parses <c>dddd:bb:ss.f</c> or the short <c>bb:ss.f</c> (domain 0) form that lspci prints.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PciAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text)) return false;
        var span = text.AsSpan().Trim();
        int domain = 0;
        var parts = span.ToString().Split(':');
        string busText, rest;
        if (parts.Length == 3)
        {
            if (!TryHex(parts[0], 4, out domain)) return false;
            busText = parts[1];
            rest = parts[2];
        }
        else if (parts.Length == 2)
        {
            busText = parts[0];
            rest = parts[1];
        }
        else return false;

        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return false;
        if (!TryHex(busText, 2, out var bus)) return false;
        if (!TryHex(rest[..dot], 2, out var slot) || slot > 0x1f) return false;
        if (rest.Length - dot - 1 != 1 || !int.TryParse(rest[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var function) || function > 7) return false;
        address = new PciAddress(domain, bus, slot, function);
        return true;
    }

    public static PciAddress Parse(string text) =>
        TryParse(text, out var address) ? address.Value : throw new FormatException($"'{text}' is not a PCI address (expected dddd:bb:ss.f).");

    private static bool TryHex(string text, int maxDigits, out int value)
    {
        value = 0;
        return text.Length > 0 && text.Length <= maxDigits &&
               int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    public int CompareTo(PciAddress other) =>
        (Domain, Bus, Slot, Function).CompareTo((other.Domain, other.Bus, other.Slot, other.Function));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x1}");

    public static bool operator <(PciAddress left, PciAddress right) => left.CompareTo(right) < 0;
    public static bool operator >(PciAddress left, PciAddress right) => left.CompareTo(right) > 0;
    public static bool operator <=(PciAddress left, PciAddress right) => left.CompareTo(right) <= 0;
    public static bool operator >=(PciAddress left, PciAddress right) => left.CompareTo(right) >= 0;
}
