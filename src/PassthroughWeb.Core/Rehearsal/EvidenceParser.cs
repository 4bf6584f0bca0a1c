using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Reads the rehearsal guest's console log into evidence. Lines are found by their marker wherever it starts: with a
/// serial console kernel messages can still land at the start of a line. Unknown or damaged lines are skipped.
/// </summary>
public static class EvidenceParser
{
    /// <summary>USER_HZ on x86: the unit of /proc/PID/stat's start time.</summary>
    private const double TicksPerSecond = 100;

    public static RehearsalEvidence Parse(string consoleLog)
    {
        ArgumentNullException.ThrowIfNull(consoleLog);
        var began = false;
        var ended = false;
        string? system = null;
        string? commandLine = null;
        int? groups = null;
        double? udev = null;
        var devices = new List<GuestDevice>();
        var modules = new List<string>();
        var messages = new List<KernelMessage>();
        foreach (var raw in consoleLog.Split('\n'))
        {
            var at = raw.IndexOf(EvidenceScript.Marker + " ", StringComparison.Ordinal);
            if (at < 0) continue;
            var line = raw[(at + EvidenceScript.Marker.Length + 1)..].TrimEnd('\r');
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var kind = space < 0 ? line : line[..space];
            var rest = space < 0 ? "" : line[(space + 1)..];
            switch (kind)
            {
                case "begin":
                    began = true;
                    system = rest.Length > 0 ? rest.Trim() : null;
                    break;
                case "end":
                    ended = true;
                    break;
                case "cmdline":
                    commandLine = rest.Trim();
                    break;
                case "device":
                    if (ParseDevice(rest) is { } device) devices.Add(device);
                    break;
                case "groups":
                    if (int.TryParse(rest.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) groups = count;
                    break;
                case "modules":
                    modules.AddRange(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "udevd-start":
                    if (long.TryParse(rest.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) udev = ticks / TicksPerSecond;
                    break;
                case "kmsg":
                    if (ParseKernelMessage(rest) is { } message) messages.Add(message);
                    break;
            }
        }
        return new RehearsalEvidence
        {
            Began = began,
            Ended = ended,
            System = system,
            CommandLine = commandLine,
            Devices = devices,
            IommuGroups = groups,
            Modules = modules,
            UdevStartedAt = udev,
            KernelMessages = messages,
        };
    }

    /// <summary><c>address=0000:00:04.0 id=0x1234:0x1111 class=0x030000 driver=vfio-pci group=3 override=vfio-pci</c>.</summary>
    public static GuestDevice? ParseDevice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) fields[word[..equals]] = word[(equals + 1)..];
        }
        if (!fields.TryGetValue("address", out var addressText) || !PciAddress.TryParse(addressText, out var address)) return null;
        if (!fields.TryGetValue("id", out var id)) return null;
        var ids = id.Split(':');
        if (ids.Length != 2) return null;
        return new GuestDevice
        {
            Address = address.Value,
            VendorId = Hex(ids[0]),
            DeviceId = Hex(ids[1]),
            Class = fields.GetValueOrDefault("class") ?? "",
            Driver = Absent(fields.GetValueOrDefault("driver")),
            IommuGroup = int.TryParse(fields.GetValueOrDefault("group"), NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : null,
            DriverOverride = Absent(fields.GetValueOrDefault("override")),
        };
    }

    /// <summary><c>[    4.770367] vfio-bind: …</c> (dmesg's format).</summary>
    public static KernelMessage? ParseKernelMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('[')) return null;
        var close = trimmed.IndexOf(']', StringComparison.Ordinal);
        if (close < 0) return null;
        if (!double.TryParse(trimmed[1..close].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)) return null;
        return new KernelMessage(seconds, trimmed[(close + 1)..].Trim());
    }

    private static string Hex(string text) => (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text).ToLowerInvariant();

    private static string? Absent(string? value) => value is null or "none" or "(null)" or "" ? null : value;
}
