using System.Globalization;
using System.Text.RegularExpressions;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Import;

/// <summary>
/// An IOMMU group listing as users post it, read back into devices. Understands the guide's loop
/// (<c>IOMMU Group N:</c> then indented <c>lspci -nns</c> lines), the one-line form
/// (<c>IOMMU Group N 0000:bb:ss.f …</c>), the lower-case <c>IOMMU group N</c> header, the
/// <c>IOMMU: dmarN / IOMMU Group: N / Group Device: …</c> tree, and plain <c>lspci -nnk</c> output
/// (no groups; driver and subsystem lines attach to the device above). Prompts and prose are skipped;
/// a device line that cannot be read whole is kept as far as it goes and reported in <see cref="Problems"/>.
/// </summary>
public sealed partial class IommuListing
{
    private IommuListing(IReadOnlyList<IommuListingEntry> entries, IReadOnlyList<IommuListingProblem> problems, IReadOnlyList<string> units)
    {
        Entries = entries;
        Problems = problems;
        IommuUnits = units;
    }

    /// <summary>Each device once, in the order the listing first shows it.</summary>
    public IReadOnlyList<IommuListingEntry> Entries { get; }

    public IReadOnlyList<IommuListingProblem> Problems { get; }

    /// <summary>IOMMU units named by a tree listing (<c>dmar0</c> …), in listing order; empty for other forms.</summary>
    public IReadOnlyList<string> IommuUnits { get; }

    /// <summary>At least one device was listed under an IOMMU group.</summary>
    public bool HasGroups => Entries.Any(e => e.Group is not null);

    public IReadOnlyList<int> GroupNumbers =>
        Entries.Where(e => e.Group is not null).Select(e => e.Group!.Value).Distinct().Order().ToList();

    public IommuListingEntry? Find(PciAddress address) => Entries.FirstOrDefault(e => e.Address == address);

    /// <summary>
    /// The CPU's vendor as the listing shows it, and from which device: the host bridge is the CPU's own root complex,
    /// so its vendor (8086 Intel, 1022 AMD) is the CPU's; other bridges next. Null when no bridge names one.
    /// </summary>
    public (CpuVendor Vendor, string Source)? CpuVendorOfBridges()
    {
        var entries = Entries.Where(e => e.HasIds).OrderBy(e => e.Address).ToList();
        foreach (var candidate in entries.Where(e => e.ClassCode == "0600").Concat(entries.Where(e => e.ClassCode.StartsWith("06", StringComparison.Ordinal))))
        {
            if (candidate.VendorId == "8086") return (CpuVendor.Intel, $"the Intel {candidate.ClassName.ToLowerInvariant()} at {candidate.Address}");
            if (candidate.VendorId == "1022") return (CpuVendor.Amd, $"the AMD {candidate.ClassName.ToLowerInvariant()} at {candidate.Address}");
        }
        return null;
    }

    public static IommuListing Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++) reader.Read(i + 1, lines[i].TrimEnd('\r', ' ', '\t'));
        return new IommuListing(reader.Entries, reader.Problems, reader.Units);
    }

    /// <summary>
    /// This listing's groups with the drivers, modules and subsystem IDs of <paramref name="details"/>
    /// (an <c>lspci -nnk</c> of the same machine). Devices only the details know are added without a group.
    /// </summary>
    public IommuListing WithDetailsFrom(IommuListing details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var byAddress = details.Entries.ToDictionary(e => e.Address);
        var merged = new List<IommuListingEntry>(Entries.Count);
        foreach (var entry in Entries)
        {
            if (!byAddress.Remove(entry.Address, out var detail))
            {
                merged.Add(entry);
                continue;
            }
            merged.Add(entry with
            {
                VendorId = entry.VendorId ?? detail.VendorId,
                DeviceId = entry.DeviceId ?? (entry.VendorId is null || entry.VendorId == detail.VendorId ? detail.DeviceId : null),
                Revision = entry.Revision ?? detail.Revision,
                Driver = entry.Driver ?? detail.Driver,
                KernelModules = entry.KernelModules.Count > 0 ? entry.KernelModules : detail.KernelModules,
                SubsystemVendorId = entry.SubsystemVendorId ?? detail.SubsystemVendorId,
                SubsystemDeviceId = entry.SubsystemDeviceId ?? detail.SubsystemDeviceId,
            });
        }
        merged.AddRange(details.Entries.Where(e => byAddress.ContainsKey(e.Address)).Select(e => e with { Group = null, IommuUnit = null }));
        return new IommuListing(merged, [.. Problems, .. details.Problems], IommuUnits.Count > 0 ? IommuUnits : details.IommuUnits);
    }

    private sealed class Reader
    {
        private readonly Dictionary<PciAddress, int> _index = [];
        private int? _group;
        private string? _unit;
        // Index of the device that indented detail lines (lspci -k/-v) belong to, or -1 outside a device.
        private int _current = -1;

        public List<IommuListingEntry> Entries { get; } = [];
        public List<IommuListingProblem> Problems { get; } = [];
        public List<string> Units { get; } = [];

        public void Read(int number, string line)
        {
            if (string.IsNullOrWhiteSpace(line)) return;

            if (UnitLine().Match(line) is { Success: true } unit)
            {
                _unit = unit.Groups["unit"].Value;
                if (!Units.Contains(_unit)) Units.Add(_unit);
                _group = null;
                _current = -1;
                return;
            }
            if (GroupHeader().Match(line) is { Success: true } header)
            {
                _group = ParseGroup(header);
                _current = -1;
                return;
            }
            if (OneLine().Match(line) is { Success: true } oneLine)
            {
                // Each line carries its own group; no header stays in force after it.
                _group = null;
                _unit = null;
                Add(number, line, oneLine.Groups["address"].Value, oneLine.Groups["description"].Value, ParseGroup(oneLine), null, strict: true);
                return;
            }
            if (TreeDevice().Match(line) is { Success: true } treeDevice)
            {
                Add(number, line, treeDevice.Groups["address"].Value, treeDevice.Groups["description"].Value, _group, _unit, strict: true);
                return;
            }
            if (DeviceLine().Match(line) is { Success: true } device)
            {
                if (Add(number, line, device.Groups["address"].Value, device.Groups["description"].Value, _group, _unit, strict: false)) return;
            }
            else if (_current >= 0 && char.IsWhiteSpace(line[0]) && ReadDetail(line))
            {
                return;
            }
            // Prose or a prompt: whatever header was in force has ended.
            _group = null;
            _unit = null;
            _current = -1;
        }

        private static int? ParseGroup(Match match) =>
            int.TryParse(match.Groups["group"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : null;

        /// <summary>Adds a device line. Returns false when the line is not a device line after all (prose that starts with an address).</summary>
        private bool Add(int number, string line, string addressText, string description, int? group, string? unit, bool strict)
        {
            if (!PciAddress.TryParse(addressText, out var parsed))
            {
                if (strict) Problem(number, line, $"'{addressText}' is not a PCI address.");
                return strict;
            }
            var address = parsed.Value;
            var classMatch = ClassPart().Match(description);
            if (!classMatch.Success)
            {
                if (strict) Problem(number, line, "the line has no class code [cccc]: it cannot be read as an lspci -nns line.");
                _current = -1;
                return strict;
            }
            var rest = classMatch.Groups["rest"].Value.TrimEnd();
            string? revision = null;
            if (RevisionSuffix().Match(rest) is { Success: true } rev)
            {
                revision = rev.Groups["revision"].Value.ToLowerInvariant();
                rest = rest[..rev.Index].TrimEnd();
            }
            string? vendorId = null, deviceId = null;
            var name = rest;
            if (IdSuffix().Match(rest) is { Success: true } ids)
            {
                vendorId = ids.Groups["vendor"].Value.ToLowerInvariant();
                deviceId = ids.Groups["device"].Value.ToLowerInvariant();
                name = rest[..ids.Index].TrimEnd();
            }
            else if (CutIdSuffix().Match(rest) is { Success: true } cut)
            {
                vendorId = cut.Groups["vendor"].Value.ToLowerInvariant();
                name = rest[..cut.Index].TrimEnd();
                Problem(number, line, $"the line is cut off inside the vendor:device ID ('{cut.Value.Trim()}'): vendor {vendorId} is readable, the device ID is not.");
            }
            else
            {
                Problem(number, line, "the line has no [vendor:device] ID: it is cut off or not lspci -nn output.");
            }

            var entry = new IommuListingEntry
            {
                Address = address,
                Group = group,
                IommuUnit = unit,
                ClassName = classMatch.Groups["className"].Value.Trim(),
                ClassCode = classMatch.Groups["classCode"].Value.ToLowerInvariant(),
                VendorId = vendorId,
                DeviceId = deviceId,
                Revision = revision,
                Name = name,
                LineNumber = number,
            };
            if (_index.TryGetValue(address, out var existing))
            {
                // Tree listings print some devices twice under the same group: the same device, not a second one.
                var first = Entries[existing];
                if (first.Group != group)
                    Problem(number, line, $"{address} is listed again under group {Describe(group)}; it was first listed under group {Describe(first.Group)}. The first is kept.");
                _current = existing;
                return true;
            }
            _index[address] = Entries.Count;
            _current = Entries.Count;
            Entries.Add(entry);
            return true;
        }

        private bool ReadDetail(string line)
        {
            var entry = Entries[_current];
            if (DriverLine().Match(line) is { Success: true } driver)
            {
                Entries[_current] = entry with { Driver = driver.Groups["driver"].Value };
                return true;
            }
            if (ModulesLine().Match(line) is { Success: true } modules)
            {
                Entries[_current] = entry with
                {
                    KernelModules = modules.Groups["modules"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                };
                return true;
            }
            if (SubsystemLine().Match(line) is { Success: true } subsystem)
            {
                Entries[_current] = entry with
                {
                    SubsystemVendorId = subsystem.Groups["vendor"].Value.ToLowerInvariant(),
                    SubsystemDeviceId = subsystem.Groups["device"].Value.ToLowerInvariant(),
                };
                return true;
            }
            // Other detail lines (DeviceName:, lspci -v's Flags:, Memory at …) belong to the device but say nothing we keep.
            return DetailLine().IsMatch(line);
        }

        private void Problem(int number, string line, string message) =>
            Problems.Add(new IommuListingProblem { LineNumber = number, Line = line, Message = $"Line {number}: {message}" });

        private static string Describe(int? group) => group?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
    }

    [GeneratedRegex(@"^\s*IOMMU:\s*(?<unit>[A-Za-z]+[0-9]+)$")]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"^\s*IOMMU\s+group:?\s+(?<group>[0-9]+)\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupHeader();

    [GeneratedRegex(@"^\s*IOMMU\s+group:?\s+(?<group>[0-9]+):?\s+(?<address>(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-9a-fA-F])\s+(?<description>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex OneLine();

    [GeneratedRegex(@"^\s*Group\s+Device:\s*(?<address>\S+)\s+-\s+(?<description>.*)$")]
    private static partial Regex TreeDevice();

    [GeneratedRegex(@"^\s*(?<address>(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+(?<description>.*)$")]
    private static partial Regex DeviceLine();

    // The class name never holds "[cccc]:"; the first one ends it (names after it may hold brackets).
    [GeneratedRegex(@"^(?<className>[^\[\]]*?)\s*\[(?<classCode>[0-9a-fA-F]{4})\]:\s*(?<rest>.*)$")]
    private static partial Regex ClassPart();

    [GeneratedRegex(@"\s*\(rev\s+(?<revision>[0-9a-fA-F]{2})\)$")]
    private static partial Regex RevisionSuffix();

    // Anchored at the end: the last [vvvv:dddd] is the ID even when the names hold brackets of their own.
    [GeneratedRegex(@"\s*\[(?<vendor>[0-9a-fA-F]{4}):(?<device>[0-9a-fA-F]{4})\]$")]
    private static partial Regex IdSuffix();

    [GeneratedRegex(@"\s*\[(?<vendor>[0-9a-fA-F]{4}):[0-9a-fA-F]{0,3}(?:\.{1,3}|…)?$")]
    private static partial Regex CutIdSuffix();

    [GeneratedRegex(@"^\s+Kernel driver in use:\s*(?<driver>\S+)$")]
    private static partial Regex DriverLine();

    [GeneratedRegex(@"^\s+Kernel modules:\s*(?<modules>.+)$")]
    private static partial Regex ModulesLine();

    [GeneratedRegex(@"^\s+Subsystem:\s*.*\[(?<vendor>[0-9a-fA-F]{4}):(?<device>[0-9a-fA-F]{4})\]$")]
    private static partial Regex SubsystemLine();

    [GeneratedRegex(@"^\s+[A-Z][A-Za-z /-]*:")]
    private static partial Regex DetailLine();
}
