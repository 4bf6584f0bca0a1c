using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Drift;

/// <summary>Builds what a change set stands on from the scan it was planned with.</summary>
public static class DeviceExpectations
{
    /// <summary>
    /// Every function in <paramref name="passed"/> and every device that shares an IOMMU group with one of them, as
    /// <paramref name="scan"/> shows them. A passed address the scan does not hold is left out: there is nothing to expect of it.
    /// </summary>
    public static IReadOnlyList<DeviceExpectation> Of(string step, IEnumerable<PciAddress> passed, ScanReport scan, Guid? changeSetId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentNullException.ThrowIfNull(passed);
        ArgumentNullException.ThrowIfNull(scan);
        var functions = passed.Distinct().Select(scan.FindDevice).OfType<PciDevice>().ToList();
        var groups = functions.Select(f => f.IommuGroup).OfType<int>().ToHashSet();
        var mates = scan.Devices.Where(d => d.IommuGroup is { } g && groups.Contains(g) && functions.All(f => f.Address != d.Address));
        return
        [
            .. functions.Select(d => Expect(step, d, isPassed: true, changeSetId)),
            .. mates.Select(d => Expect(step, d, isPassed: false, changeSetId)),
        ];
    }

    private static DeviceExpectation Expect(string step, PciDevice device, bool isPassed, Guid? changeSetId) => new()
    {
        Step = step,
        Address = device.Address,
        VendorDevice = device.VendorDevice,
        SubsystemId = DeviceExpectation.SubsystemOf(device),
        IommuGroup = device.IommuGroup,
        IsPassed = isPassed,
        Name = device.DisplayName,
        ChangeSetId = changeSetId,
    };

    /// <summary>
    /// What the steps stand on once the user accepts the hardware as <paramref name="report"/> shows it: a moved function
    /// at its new address, a vanished or replaced one no more, the rest as they are now (groups, subsystems, new group
    /// members), each step under the change set it had. For when a plan for the new layout has nothing to write
    /// (vfio-pci takes the card by its IDs wherever it sits).
    /// </summary>
    public static IReadOnlyList<DeviceExpectation> Accept(IReadOnlyList<DeviceExpectation> planned, HostDrift drift, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(report);
        var result = new List<DeviceExpectation>();
        foreach (var step in planned.GroupBy(e => e.Step))
        {
            var passed = new List<PciAddress>();
            foreach (var e in step.Where(e => e.IsPassed))
            {
                var differences = drift.Differences.Where(d => d.Expected == e).ToList();
                if (differences.FirstOrDefault(d => d.Kind == DeviceDriftKind.Moved) is { Found: { } moved }) passed.Add(moved.Address);
                else if (!differences.Any(d => d.Kind is DeviceDriftKind.Vanished or DeviceDriftKind.Replaced)) passed.Add(e.Address);
            }
            result.AddRange(Of(step.Key, passed, report, step.First().ChangeSetId));
        }
        return result;
    }
}
