namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Judges each graphics card: which functions belong to it, which IOMMU groups it needs, what else sits in
/// them, and what a first-time user must know before passing it to a VM.
/// </summary>
public static class GpuAssessor
{
    private const string SharedGroupAdvice =
        "What you can do: pass those devices to the VM as well (only if the host can do without them); put the card in " +
        "another slot (slots wired to the CPU usually get a group of their own); or use the ACS override patch " +
        "(pcie_acs_override), which splits groups by trusting hardware that does not isolate: the devices could then reach " +
        "each other's memory, so use it only on a machine and guests you trust.";

    public static IReadOnlyList<GpuAssessment> Assess(IReadOnlyList<PciDevice> devices, IReadOnlyList<IommuGroup> groups, CpuInfo cpu, IommuStatus iommu)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(iommu);

        var bySlot = devices.GroupBy(d => d.Address.SlotAddress).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Address).ToList());
        var byGroup = groups.ToDictionary(g => g.Number);
        var byAddress = devices.ToDictionary(d => d.Address);
        var byId = devices.ToLookup(d => d.VendorDevice, StringComparer.Ordinal);
        var displaySlots = devices.Where(d => PciClass.IsDisplay(d.ClassCode)).Select(d => d.Address.SlotAddress).Distinct().Order().ToList();

        var result = new List<GpuAssessment>(displaySlots.Count);
        foreach (var slot in displaySlots)
        {
            var functions = bySlot[slot];
            var gpu = functions.First(d => PciClass.IsDisplay(d.ClassCode));
            var functionAddresses = functions.Select(f => f.Address).ToHashSet();
            var groupNumbers = functions.Where(f => f.IommuGroup is not null).Select(f => f.IommuGroup!.Value).Distinct().Order().ToList();
            var reasons = new List<string>();
            var notes = new List<string>();

            var mates = new List<PciDevice>();
            foreach (var number in groupNumbers)
            {
                if (!byGroup.TryGetValue(number, out var group)) continue;
                foreach (var member in group.Devices)
                {
                    if (functionAddresses.Contains(member) || !byAddress.TryGetValue(member, out var other)) continue;
                    if (PciClass.IsBridgeOrPort(other.ClassCode)) continue;
                    mates.Add(other);
                }
            }

            var ungrouped = functions.Where(f => f.IommuGroup is null).ToList();
            GpuVerdict verdict;
            if (!cpu.Virtualization)
            {
                verdict = GpuVerdict.Blocked;
                reasons.Add(MissingVirtualization.Explain(cpu)!);
            }
            else verdict = GpuVerdict.Ready;

            if (!iommu.Enabled)
            {
                verdict = GpuVerdict.Blocked;
                reasons.Add("There are no IOMMU groups, so no device can be handed to a VM. " + iommu.Explanation);
            }
            else if (ungrouped.Count > 0)
            {
                verdict = GpuVerdict.Blocked;
                reasons.Add($"{Join(ungrouped.Select(f => f.Address.ToString()))} {(ungrouped.Count == 1 ? "is" : "are")} in no IOMMU group although the IOMMU is on, so the card cannot be isolated. Check the kernel log for errors about {(ungrouped.Count == 1 ? "this device" : "these devices")}.");
            }

            if (mates.Count > 0)
            {
                if (verdict != GpuVerdict.Blocked) verdict = GpuVerdict.SharedGroup;
                foreach (var mate in mates)
                {
                    reasons.Add($"{mate.Address} ({mate.ClassName ?? PciClass.Describe(mate.ClassCode)}: {mate.DisplayName}) shares IOMMU group {mate.IommuGroup} with this card and is not part of it: it would have to go to the VM too.");
                    if (PciClass.IsStorage(mate.ClassCode))
                        notes.Add($"{mate.Address} is a storage controller in the card's group: if the host's disks are on it, passing the group takes them away from the host.");
                    else if (PciClass.IsNetwork(mate.ClassCode))
                        notes.Add($"{mate.Address} is a network controller in the card's group: if the host reaches the network through it, passing the group cuts the host off.");
                }
                reasons.Add(SharedGroupAdvice);
            }
            else if (verdict == GpuVerdict.Ready)
            {
                var groupText = groupNumbers.Count == 1 ? $"IOMMU group {groupNumbers[0]}" : $"IOMMU groups {Join(groupNumbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))}";
                var bridges = groupNumbers.Where(byGroup.ContainsKey).SelectMany(n => byGroup[n].Devices).Where(a => !functionAddresses.Contains(a)).ToList();
                reasons.Add(bridges.Count == 0
                    ? $"Only the card's own functions are in {groupText}: it can be passed through as it is."
                    : $"Only the card's own functions and PCI bridges/ports ({Join(bridges.Select(b => b.ToString()))}) are in {groupText}. The bridges stay with the host, so the card can be passed through as it is.");
            }

            if (cpu.Hypervisor && iommu.Enabled)
                notes.Add("This host is itself a virtual machine: passing a device on from here is nested passthrough, which needs the device passed to this VM first and a virtual IOMMU. It works, but it is a rarer setup than passthrough on the physical host.");

            AddNotes(gpu, functions, byId, displaySlots.Count, notes, out var collisions);

            result.Add(new GpuAssessment
            {
                Address = gpu.Address,
                Name = gpu.DisplayName,
                VendorId = gpu.VendorId,
                Functions = functions.Select(f => f.Address).ToList(),
                Groups = groupNumbers,
                Verdict = verdict,
                Reasons = reasons,
                GroupMates = mates.Select(m => m.Address).Distinct().Order().ToList(),
                IdCollisions = collisions,
                Notes = notes,
                IsBootVga = gpu.BootVga == true,
            });
        }
        return result;
    }

    private static void AddNotes(PciDevice gpu, List<PciDevice> functions, ILookup<string, PciDevice> byId, int gpuCount, List<string> notes, out IReadOnlyList<PciAddress> collisions)
    {
        if (gpu.BootVga == true)
            notes.Add("The firmware boots on this card (boot_vga=1): the boot screen and the host's early console use it. Passing it through also needs " +
                      "the boot framebuffer released (video=efifb:off or initcall_blacklist=sysfb_init), and the host will need another display.");
        if (gpuCount == 1)
            notes.Add("This is the host's only graphics device: while the VM has it, the host has no display of its own (single-GPU passthrough). " +
                      "Plan to reach the host over the network.");

        var functionSet = functions.Select(f => f.Address).ToHashSet();
        var found = new List<PciAddress>();
        foreach (var function in functions)
        {
            var same = byId[function.VendorDevice].Where(d => !functionSet.Contains(d.Address)).ToList();
            if (same.Count == 0) continue;
            found.AddRange(same.Select(s => s.Address));
            notes.Add($"ID collision: {function.Address} ({function.VendorDevice}) has the same vendor:device ID as {NameSome(same)}, " +
                      $"which {(same.Count == 1 ? "is" : "are")} not part of this card. Binding by ID (vfio-pci ids={function.VendorDevice}) would take {(same.Count == 1 ? "that device" : "those devices")} from the host too: bind by address instead.");
        }
        collisions = found.Distinct().Order().ToList();

        foreach (var function in functions)
        {
            if (ResetQuirks.VendorResetFamily(function.VendorId, function.DeviceId) is { } family)
                notes.Add($"AMD {family} cards do not reset cleanly when a VM stops (the \"reset bug\"): the VM may fail to start a second time until the host reboots. Install the vendor-reset module.");
            if (function.ResetMethods is { Count: 0 })
                notes.Add($"The kernel knows no way to reset {function.Address} (its reset_method is empty): after the VM's first shutdown the device may not work again until the host reboots.");
            if (function.Driver == "vfio-pci")
                notes.Add($"{function.Address} is already bound to vfio-pci: the host does not use it.");
            if (function.DriverOverride is { } driverOverride)
                notes.Add($"{function.Address} has driver_override set to '{driverOverride}'.");
            foreach (var problem in function.Problems)
                notes.Add($"{function.Address}: {problem}");
        }

        if (gpu.ClassCode == "0302")
            notes.Add("This is a 3D controller (a compute card, or a laptop GPU without its own outputs): a guest can use it, but it drives no monitor directly.");
    }

    /// <summary>Names up to five devices; a server with dozens of identical cards gets a count for the rest.</summary>
    private static string NameSome(List<PciDevice> devices)
    {
        const int Shown = 5;
        var named = devices.Take(Shown).Select(d => d.Address + " (" + d.DisplayName + ")").ToList();
        if (devices.Count > Shown) named.Add($"{devices.Count - Shown} more");
        return Join(named);
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
