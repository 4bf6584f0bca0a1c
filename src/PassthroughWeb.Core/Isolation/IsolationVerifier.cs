using System.Globalization;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// After the reboot, per device: each passed function is on vfio-pci; the GPU the host keeps is still on its own
/// driver; and no boot framebuffer (BOOTFB, simple-framebuffer, efifb, vesafb in <c>proc/iomem</c>) still sits
/// inside one of the passed card's memory BARs (<c>sys/bus/pci/devices/ADDR/resource</c>), which would make the
/// VM fail to map it ("BAR 0: can't reserve").
/// </summary>
public static class IsolationVerifier
{
    private const long IoResourceMemory = 0x200;
    private static readonly string[] FramebufferNames = ["bootfb", "simple-framebuffer", "simpledrm", "efifb", "vesafb", "vesa-framebuffer"];

    /// <param name="root">The host, to read proc/iomem and the BARs.</param>
    /// <param name="scan">A scan made after the reboot.</param>
    /// <param name="passed">The functions step 3 isolated.</param>
    /// <param name="hostGpu">The GPU the host keeps for its display, when there is one.</param>
    public static IsolationVerification Verify(HostRoot root, ScanReport scan, IReadOnlyList<PciAddress> passed, PciAddress? hostGpu)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(passed);
        var checks = new List<IsolationCheck>();
        foreach (var address in passed)
        {
            var device = scan.FindDevice(address);
            if (device is null)
            {
                checks.Add(new IsolationCheck { Device = address, Passed = false, Message = $"{address} is gone after the reboot: the card was removed or moved to another slot. Run step 3 again for its new address." });
                continue;
            }
            checks.Add(device.Driver switch
            {
                "vfio-pci" => new IsolationCheck { Device = address, Passed = true, Message = $"{address} ({device.DisplayName}) is on vfio-pci: the host leaves it alone, a VM can have it." },
                null => new IsolationCheck { Device = address, Passed = false, Message = $"{address} ({device.DisplayName}) has no driver: vfio-pci did not take it. Check that the vfio modules and vfio.conf are in the initramfs (step 3's image check) and that the IOMMU is on (step 2)." },
                var other => new IsolationCheck { Device = address, Passed = false, Message = $"{address} ({device.DisplayName}) is still on {other}: {other} claimed it before vfio-pci. Check that the softdep for {DriverModules.ModuleOf(other)} and the vfio modules are in the initramfs, then rebuild it." },
            });
        }

        if (hostGpu is { } host)
        {
            var device = scan.FindDevice(host);
            checks.Add(device?.Driver switch
            {
                null => new IsolationCheck { Device = host, Passed = false, Message = device is null ? $"The host's GPU {host} is gone after the reboot." : $"The host's GPU {host} ({device.DisplayName}) has no driver: the host has no accelerated display. Its driver may be blacklisted, or an ids= line took it." },
                "vfio-pci" => new IsolationCheck { Device = host, Passed = false, Message = $"The host's GPU {host} ({device.DisplayName}) is on vfio-pci too: an ID it shares with the passed card took it. Bind the passed card by address (step 3 does when IDs collide) and remove the shared ID from ids=." },
                var driver => new IsolationCheck { Device = host, Passed = true, Message = $"The host's GPU {host} ({device.DisplayName}) is still on {driver}, driving the host's display." },
            });
        }

        var framebuffers = Framebuffers(root.TryReadText("proc/iomem"));
        foreach (var address in passed)
        {
            var bars = Bars(root.TryReadText($"{PciDeviceReader.DevicesPath}/{address}/resource"));
            foreach (var (index, start, end) in bars)
            {
                foreach (var fb in framebuffers.Where(f => f.Start <= end && f.End >= start))
                {
                    checks.Add(new IsolationCheck
                    {
                        Device = address,
                        Passed = false,
                        Message = $"The boot framebuffer '{fb.Name}' ({fb.Start:x}-{fb.End:x}) still holds memory inside BAR {index} of {address} ({start:x}-{end:x}): the firmware's console is on this card, and a VM cannot map that BAR while it is held. " +
                                  "Add video=efifb:off (kernels before 5.15) or initcall_blacklist=sysfb_init (5.15 and later) to the kernel command line, or make the firmware boot on the host's GPU.",
                    });
                }
            }
            if (bars.Count > 0 && !framebuffers.Any(f => bars.Any(b => f.Start <= b.End && f.End >= b.Start)))
                checks.Add(new IsolationCheck { Device = address, Passed = true, Message = $"No boot framebuffer holds memory of {address}." });
        }
        return new IsolationVerification { Checks = checks };
    }

    private static List<(string Name, long Start, long End)> Framebuffers(string? iomem)
    {
        var list = new List<(string, long, long)>();
        if (iomem is null) return list;
        foreach (var line in iomem.Split('\n'))
        {
            var colon = line.IndexOf(" : ", StringComparison.Ordinal);
            if (colon < 0) continue;
            var name = line[(colon + 3)..].Trim();
            if (!FramebufferNames.Any(n => name.Contains(n, StringComparison.OrdinalIgnoreCase))) continue;
            var range = line[..colon].Trim().Split('-');
            if (range.Length == 2 && long.TryParse(range[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start) &&
                long.TryParse(range[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end) && end > 0)
                list.Add((name, start, end));
        }
        return list;
    }

    /// <summary>The memory BARs (0-5) and the ROM (6) of a device, from its sysfs <c>resource</c> file.</summary>
    private static List<(int Index, long Start, long End)> Bars(string? resource)
    {
        var list = new List<(int, long, long)>();
        if (resource is null) return list;
        var lines = resource.Split('\n');
        for (var i = 0; i < Math.Min(7, lines.Length); i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || !TryHex(fields[0], out var start) || !TryHex(fields[1], out var end) || !TryHex(fields[2], out var flags)) continue;
            if (end == 0 || (flags & IoResourceMemory) == 0) continue;
            list.Add((i, start, end));
        }
        return list;
    }

    private static bool TryHex(string text, out long value) =>
        long.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
