using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// An NVIDIA driver version as NVIDIA names it (531.79). Windows shows the same driver as 31.0.15.3179: the last five
/// digits of the last two parts are NVIDIA's number, which is what Device Manager and the guest agent report.
/// </summary>
public readonly record struct NvidiaDriverVersion(int Major, int Minor) : IComparable<NvidiaDriverVersion>
{
    /// <summary>The first driver that runs in a VM without the hypervisor hidden.</summary>
    public static NvidiaDriverVersion FirstForVirtualMachines { get; } = new(465, 89);

    /// <summary>Whether this driver runs in a VM as it is (465 or later); earlier ones stop with Code 43.</summary>
    public bool RunsInVirtualMachine => Major >= 465;

    /// <summary>Reads "531.79" or the Windows form "31.0.15.3179".</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NvidiaDriverVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('.');
        if (parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit))) return false;
        if (parts.Length == 2 && parts[1].Length == 2 && parts[0].Length <= 3)
        {
            version = new NvidiaDriverVersion(Number(parts[0]), Number(parts[1]));
            return true;
        }
        if (parts.Length == 4 && parts[3].Length <= 4)
        {
            var digits = parts[2] + parts[3].PadLeft(4, '0');
            if (digits.Length < 5) return false;
            var last = digits[^5..];
            version = new NvidiaDriverVersion(Number(last[..3]), Number(last[3..]));
            return true;
        }
        return false;
    }

    public int CompareTo(NvidiaDriverVersion other) => (Major, Minor).CompareTo((other.Major, other.Minor));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor:00}");

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    public static bool operator <(NvidiaDriverVersion left, NvidiaDriverVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(NvidiaDriverVersion left, NvidiaDriverVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(NvidiaDriverVersion left, NvidiaDriverVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(NvidiaDriverVersion left, NvidiaDriverVersion right) => left.CompareTo(right) >= 0;
}
