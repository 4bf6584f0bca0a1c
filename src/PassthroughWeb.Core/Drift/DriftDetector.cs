using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Drift;

/// <summary>
/// Compares what applied change sets stand on with a newer profile of the host, as Proxmox VE checks a PCI mapping
/// before it starts a VM: is the planned device still at its address, with the same vendor:device and subsystem, in
/// the same IOMMU group, and does that group hold nothing new. Pure: the caller brings both sides.
/// </summary>
public static class DriftDetector
{
    public static HostDrift Detect(IReadOnlyList<DeviceExpectation> expectations, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(report);
        if (expectations.Count == 0) return HostDrift.None;
        var differences = new List<DeviceDrift>();
        foreach (var step in expectations.GroupBy(e => e.Step).OrderBy(g => HostDrift.StepNumber(g.Key)))
            differences.AddRange(DetectStep([.. step], report));
        return new HostDrift { Differences = differences };
    }

    private static IEnumerable<DeviceDrift> DetectStep(IReadOnlyList<DeviceExpectation> expected, ScanReport report)
    {
        var planned = expected.Select(e => e.Address).ToHashSet();
        var passed = expected.Where(e => e.IsPassed).OrderBy(e => e.Address).ToList();
        var missing = passed.Where(e => report.FindDevice(e.Address) is not { } now || now.VendorDevice != e.VendorDevice).ToList();
        var moves = FindMoves(missing, planned, report);
        var checkedGroups = new HashSet<int>();
        foreach (var e in passed)
        {
            var now = report.FindDevice(e.Address);
            if (!missing.Contains(e))
            {
                if (e.SubsystemId is not null && DeviceExpectation.SubsystemOf(now!) is { } subsystem && subsystem != e.SubsystemId)
                    yield return new DeviceDrift { Kind = DeviceDriftKind.SubsystemChanged, Expected = e, Found = now };
                if (e.IommuGroup is { } group && GroupChange(e, now!, expected, report) is { } regrouped && checkedGroups.Add(group))
                    yield return regrouped;
                continue;
            }
            if (moves.TryGetValue(e, out var elsewhere))
                yield return new DeviceDrift { Kind = DeviceDriftKind.Moved, Expected = e, Found = elsewhere };
            else if (now is null)
                yield return new DeviceDrift { Kind = DeviceDriftKind.Vanished, Expected = e };
            if (now is not null)
                yield return new DeviceDrift { Kind = DeviceDriftKind.Replaced, Expected = e, Found = now };
        }
    }

    /// <summary>
    /// Where the missing functions went: a card moves whole, so first a slot (one the plan did not use) holding every
    /// missing function of a planned slot at the same function numbers; then, function by function, the same IDs
    /// anywhere else. Slot first because IDs repeat across cards: the HDMI audio of the host's own card often has the
    /// same vendor:device as the passed card's.
    /// </summary>
    private static Dictionary<DeviceExpectation, PciDevice> FindMoves(IReadOnlyList<DeviceExpectation> missing, HashSet<PciAddress> planned, ScanReport report)
    {
        var moves = new Dictionary<DeviceExpectation, PciDevice>();
        var claimed = new HashSet<PciAddress>();
        var free = report.Devices.Where(d => !planned.Contains(d.Address)).ToList();
        foreach (var slot in missing.GroupBy(e => e.Address.SlotAddress))
        {
            var whole = free.Select(d => d.Address.SlotAddress).Distinct().Order()
                .Select(candidate => slot.Select(e => (e, d: free.FirstOrDefault(d => d.Address == candidate with { Function = e.Address.Function } && Matches(e, d)))).ToList())
                .FirstOrDefault(pairs => pairs.All(p => p.d is not null && !claimed.Contains(p.d.Address)));
            if (whole is null) continue;
            foreach (var (e, d) in whole)
            {
                moves[e] = d!;
                claimed.Add(d!.Address);
            }
        }
        foreach (var e in missing.Where(e => !moves.ContainsKey(e)))
        {
            var elsewhere = free.Where(d => Matches(e, d) && !claimed.Contains(d.Address))
                .OrderBy(d => d.Address.Function == e.Address.Function ? 0 : 1).ThenBy(d => d.Address)
                .FirstOrDefault();
            if (elsewhere is null) continue;
            moves[e] = elsewhere;
            claimed.Add(elsewhere.Address);
        }
        return moves;
    }

    /// <summary>The same vendor:device, and the same subsystem where both sides know it.</summary>
    private static bool Matches(DeviceExpectation e, PciDevice d) =>
        d.VendorDevice == e.VendorDevice && (e.SubsystemId is null || DeviceExpectation.SubsystemOf(d) is not { } s || s == e.SubsystemId);

    /// <summary>Regrouped when the device left its group (or every group: the IOMMU is off) or its group gained members.</summary>
    private static DeviceDrift? GroupChange(DeviceExpectation e, PciDevice now, IReadOnlyList<DeviceExpectation> expected, ScanReport report)
    {
        if (now.IommuGroup is not { } group)
            return new DeviceDrift { Kind = DeviceDriftKind.Regrouped, Expected = e, Found = now };
        var before = expected.Where(x => x.IommuGroup == e.IommuGroup).Select(x => x.Address).ToHashSet();
        var mates = report.Devices.Where(d => d.IommuGroup == group && !before.Contains(d.Address)).Select(d => d.Address).Order().ToList();
        return group != e.IommuGroup || mates.Count > 0
            ? new DeviceDrift { Kind = DeviceDriftKind.Regrouped, Expected = e, Found = now, NewGroupMates = mates }
            : null;
    }
}
