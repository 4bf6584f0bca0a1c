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
}
