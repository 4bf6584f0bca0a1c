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
        var claimed = new HashSet<PciAddress>();
        var checkedGroups = new HashSet<int>();
        foreach (var e in expected.Where(e => e.IsPassed).OrderBy(e => e.Address))
        {
            var now = report.FindDevice(e.Address);
            if (now is not null && now.VendorDevice == e.VendorDevice)
            {
                if (e.SubsystemId is not null && DeviceExpectation.SubsystemOf(now) is { } subsystem && subsystem != e.SubsystemId)
                    yield return new DeviceDrift { Kind = DeviceDriftKind.SubsystemChanged, Expected = e, Found = now };
                if (e.IommuGroup is { } group && GroupChange(e, now, expected, report) is { } regrouped && checkedGroups.Add(group))
                    yield return regrouped;
                continue;
            }
            // Not here any more: the same card elsewhere (a slot the plan did not use) has moved; prefer the same function number.
            var elsewhere = report.Devices
                .Where(d => d.VendorDevice == e.VendorDevice && !planned.Contains(d.Address) && !claimed.Contains(d.Address)
                            && (e.SubsystemId is null || DeviceExpectation.SubsystemOf(d) is not { } s || s == e.SubsystemId))
                .OrderBy(d => d.Address.Function == e.Address.Function ? 0 : 1).ThenBy(d => d.Address)
                .FirstOrDefault();
            if (elsewhere is not null)
            {
                claimed.Add(elsewhere.Address);
                yield return new DeviceDrift { Kind = DeviceDriftKind.Moved, Expected = e, Found = elsewhere };
            }
            else if (now is null)
            {
                yield return new DeviceDrift { Kind = DeviceDriftKind.Vanished, Expected = e };
            }
            if (now is not null)
                yield return new DeviceDrift { Kind = DeviceDriftKind.Replaced, Expected = e, Found = now };
        }
    }

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
