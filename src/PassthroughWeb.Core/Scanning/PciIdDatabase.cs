using System.Collections.Concurrent;
using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Names from the pci.ids database (the file lspci reads). Parsed once per file and kept while the file is
/// unchanged, so that repeated scans cost nothing here.
/// </summary>
public sealed class PciIdDatabase
{
    /// <summary>Where distributions put pci.ids, in the order lspci's packages prefer.</summary>
    public static IReadOnlyList<string> SearchPaths { get; } =
        ["usr/share/hwdata/pci.ids", "usr/share/misc/pci.ids", "usr/share/pci.ids"];

    private static readonly ConcurrentDictionary<string, (DateTime Modified, long Length, PciIdDatabase Database)> Cache = new();

    private readonly Dictionary<int, Vendor> _vendors;
    private readonly Dictionary<int, string> _classes;

    private PciIdDatabase(Dictionary<int, Vendor> vendors, Dictionary<int, string> classes, string? source)
    {
        _vendors = vendors;
        _classes = classes;
        Source = source;
    }

    /// <summary>A database that knows no names: devices are shown by their IDs.</summary>
    public static PciIdDatabase Empty { get; } = new([], [], null);

    /// <summary>The host path the names came from, or null when no database was found.</summary>
    public string? Source { get; }

    /// <summary>Loads the first pci.ids found under the root, or <see cref="Empty"/>.</summary>
    public static PciIdDatabase Load(HostRoot root)
    {
        foreach (var candidate in SearchPaths)
        {
            var stamp = root.TryGetFileStamp(candidate);
            if (stamp is null) continue;
            var key = root.Resolve(candidate);
            if (Cache.TryGetValue(key, out var cached) && cached.Modified == stamp.Value.Modified && cached.Length == stamp.Value.Length)
                return cached.Database;
            var text = root.TryReadText(candidate);
            if (text is null) continue;
            var database = Parse(text, "/" + candidate);
            Cache[key] = (stamp.Value.Modified, stamp.Value.Length, database);
            return database;
        }
        return Empty;
    }

    public static PciIdDatabase Parse(string text, string? source = null)
    {
        var vendors = new Dictionary<int, Vendor>();
        var classes = new Dictionary<int, string>();
        Vendor? vendor = null;
        Dictionary<int, string>? device = null;
        int deviceId = -1;
        var inClasses = false;
        var currentClass = -1;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            if (rawLine.IsEmpty || rawLine[0] == '#') continue;
            var line = rawLine.TrimEnd();
            // A line of blanks only: nothing to read (and no first character to look at).
            if (line.IsEmpty) continue;
            if (line[0] == 'C' && line.Length > 5 && line[1] == ' ')
            {
                inClasses = true;
                if (TryHex(line.Slice(2, 2), out currentClass)) classes[currentClass << 8 | 0xff] = line[6..].ToString();
                continue;
            }
            if (line[0] != '\t')
            {
                // A new top-level entry (a vendor, or another list such as "X"); classes end at the next one.
                inClasses = false;
                vendor = null;
                if (line.Length > 6 && TryHex(line[..4], out var vendorId))
                {
                    vendor = new Vendor(line[6..].ToString());
                    vendors[vendorId] = vendor;
                }
                continue;
            }
            if (inClasses)
            {
                // "\tSS  Subclass name"; programming interfaces (two tabs) are not needed here.
                if (line.Length > 5 && line[1] != '\t' && TryHex(line.Slice(1, 2), out var subclass))
                    classes[currentClass << 8 | subclass] = line[5..].ToString();
                continue;
            }
            if (vendor is null) continue;
            if (line.Length > 7 && line[1] != '\t' && TryHex(line.Slice(1, 4), out deviceId))
            {
                vendor.Devices[deviceId] = line[7..].ToString();
                device = null;
                continue;
            }
            if (line.Length > 13 && line[1] == '\t' && deviceId >= 0 &&
                TryHex(line.Slice(2, 4), out var subVendor) && TryHex(line.Slice(7, 4), out var subDevice))
            {
                device ??= vendor.Subsystems.TryGetValue(deviceId, out var existing) ? existing : vendor.Subsystems[deviceId] = [];
                device[subVendor << 16 | subDevice] = line[13..].ToString();
            }
        }
        return new PciIdDatabase(vendors, classes, source);
    }

    public string? VendorName(string vendorId) =>
        TryHex(vendorId, out var v) && _vendors.TryGetValue(v, out var vendor) ? vendor.Name : null;

    public string? DeviceName(string vendorId, string deviceId) =>
        TryHex(vendorId, out var v) && TryHex(deviceId, out var d) && _vendors.TryGetValue(v, out var vendor) &&
        vendor.Devices.TryGetValue(d, out var name) ? name : null;

    public string? SubsystemName(string vendorId, string deviceId, string subVendorId, string subDeviceId) =>
        TryHex(vendorId, out var v) && TryHex(deviceId, out var d) && TryHex(subVendorId, out var sv) && TryHex(subDeviceId, out var sd) &&
        _vendors.TryGetValue(v, out var vendor) && vendor.Subsystems.TryGetValue(d, out var subsystems) &&
        subsystems.TryGetValue(sv << 16 | sd, out var name) ? name : null;

    /// <summary>The subclass name (<c>0300</c> → "VGA compatible controller"), else the class name.</summary>
    public string? ClassName(string classCode)
    {
        if (!TryHex(classCode, out var code)) return null;
        if (_classes.TryGetValue(code, out var name)) return name;
        return _classes.TryGetValue(code & 0xff00 | 0xff, out name) ? name : null;
    }

    private static bool TryHex(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private sealed class Vendor(string name)
    {
        public string Name { get; } = name;
        public Dictionary<int, string> Devices { get; } = [];
        public Dictionary<int, Dictionary<int, string>> Subsystems { get; } = [];
    }
}
