using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The display devices of the rehearsal machine, taken from the host's scan: every display device on the root bus
/// whose ID QEMU can emulate, at its own address. QEMU cannot give an emulated device the ID of a real card, so a
/// card it cannot emulate cannot be rehearsed by its address and ID; the reason says so.
/// </summary>
public static class RehearsalDisplays
{
    public static IReadOnlyList<EmulatedDisplay> From(ScanReport scan, IReadOnlyList<PciAddress> passedFunctions, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(passedFunctions);
        var displays = new List<EmulatedDisplay>();
        foreach (var device in scan.Devices.Where(d => d.ClassCode.StartsWith("03", StringComparison.Ordinal)).OrderBy(d => d.Address))
        {
            var address = device.Address;
            if (address.Domain != 0 || address.Bus != 0 || address.Function != 0 || address.Slot is 0 or >= 0x1f) continue;
            if (EmulatedDisplay.ModelWithId(device.VendorDevice) is { } model) displays.Add(new EmulatedDisplay { Address = address, Model = model });
        }
        var missing = passedFunctions.Where(f => displays.All(d => d.Address != f)).ToList();
        if (missing.Count > 0)
        {
            var described = missing.Select(f => scan.FindDevice(f) is { } d ? $"{f} ({d.VendorDevice})" : f.ToString());
            problem = $"QEMU can emulate only its own display devices (1234:1111 VGA, 1013:00b8 Cirrus) on the root bus, so {string.Join(", ", described)} cannot be stood in for by address and ID: the image, the vfio modules, the binding script's order and the command line are rehearsed, the card's own binding is not.";
            return displays;
        }
        if (displays.Count == 0)
        {
            problem = "The host has no display device QEMU can emulate on the root bus.";
            return displays;
        }
        problem = null;
        return displays;
    }
}
