using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// The interlocks of step 3: a card is not isolated when that would take from the host its only display (unless
/// the user chose single-GPU mode), the disk it boots from, or its network; and the plan always says which GPU
/// the host keeps for itself.
/// </summary>
public static class IsolationSafety
{
    public static IsolationSafetyReport Check(HostRoot root, ScanReport scan, IsolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<string>();
        var refusals = new List<IsolationRefusal>();
        var gpu = Find(scan, request.Gpu);
        if (gpu is null)
        {
            return new IsolationSafetyReport
            {
                Refusals =
                [
                    new IsolationRefusal
                    {
                        Kind = IsolationRefusalKind.UnknownGpu,
                        Why = $"The scan found no graphics card at {request.Gpu}.",
                        WhatToDo = "Scan the host again (step 1) and choose one of the cards it lists.",
                    },
                ],
                HostDisplay = "No card was chosen, so the host keeps every GPU it has.",
                CriticalDevices = [],
                Warnings = warnings,
            };
        }

        var others = scan.Gpus.Where(g => g.Address != gpu.Address).ToList();
        var hostGpu = others.FirstOrDefault(g => g.IsBootVga) ?? others.FirstOrDefault(g => g.Functions.All(f => scan.FindDevice(f)?.Driver != "vfio-pci")) ?? others.FirstOrDefault();
        if (gpu.IsBootVga && !request.SingleGpuChosen)
            refusals.Add(new IsolationRefusal
            {
                Kind = IsolationRefusalKind.BootDisplay,
                Why = $"{gpu.Name} ({gpu.Address}) is the card the firmware boots on (boot_vga=1): the boot screen and the host's console are on it. Isolated, it shows nothing for the host from early boot on" +
                      (hostGpu is null ? ", and the host has no other GPU." : $"; the host would have to use {hostGpu.Name} ({hostGpu.Address}), which the firmware does not boot on."),
                WhatToDo = hostGpu is null
                    ? "Choose single-GPU mode if you accept that the host has no display while the VM runs (reach it over the network), or add a second GPU."
                    : $"Make the firmware boot on {hostGpu.Address} (the \"primary display\" / \"initiate graphics adapter\" setting, or move the cards) and scan again; or choose single-GPU mode if you accept no host display while the VM runs.",
            });
        if (others.Count == 0 && !request.SingleGpuChosen)
            refusals.Add(new IsolationRefusal
            {
                Kind = IsolationRefusalKind.OnlyGpu,
                Why = $"{gpu.Name} ({gpu.Address}) is the host's only GPU: isolated, the host has no display of its own while the VM runs (single-GPU passthrough).",
                WhatToDo = "Choose single-GPU mode after making sure you can reach the host over the network (ssh), or add a second GPU (an integrated one counts: enable it in the firmware).",
            });

        var critical = HostCriticalDevices.Find(root, warnings);
        var groupMembers = scan.Groups.Where(g => gpu.Groups.Contains(g.Number)).SelectMany(g => g.Devices).Concat(gpu.Functions).ToHashSet();
        foreach (var device in critical.Where(c => groupMembers.Contains(c.Address)))
        {
            var pci = scan.FindDevice(device.Address);
            var group = pci?.IommuGroup;
            refusals.Add(new IsolationRefusal
            {
                Kind = device.Kind,
                Why = $"{device.Address} ({pci?.DisplayName ?? "a PCI device"}) carries {device.Role} and is in IOMMU group {group?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} with the card: a group goes to the VM whole, so the host would lose {(device.Kind == IsolationRefusalKind.Network ? "its network" : "the disk it boots from")}.",
                WhatToDo = device.Kind == IsolationRefusalKind.Network
                    ? "Move the card (or the network card) to another slot so they land in different groups, or route the host through another network interface."
                    : "Move the card to another slot (slots wired to the CPU usually get a group of their own), or move the host's system disk to a controller outside the card's group.",
            });
        }
        if (!scan.Iommu.Enabled)
            warnings.Add("The IOMMU is not on yet: vfio-pci can only take the card once it is (step 2). Steps 2 and 3 can be applied together, before one reboot.");

        string hostDisplay;
        if (hostGpu is not null)
            hostDisplay = $"The host keeps {hostGpu.Name} ({hostGpu.Address}) for its own display.";
        else if (request.SingleGpuChosen)
            hostDisplay = "Single-GPU mode: the host keeps no display while the VM runs. Reach it over the network (ssh) to manage it.";
        else
            hostDisplay = "The host has no other GPU to keep for its display.";

        return new IsolationSafetyReport
        {
            Refusals = refusals,
            HostGpu = hostGpu?.Address,
            HostDisplay = hostDisplay,
            CriticalDevices = critical,
            Warnings = warnings,
        };
    }

    internal static GpuAssessment? Find(ScanReport scan, PciAddress address) =>
        scan.Gpus.FirstOrDefault(g => g.Address == address) ?? scan.Gpus.FirstOrDefault(g => g.Functions.Contains(address));
}
