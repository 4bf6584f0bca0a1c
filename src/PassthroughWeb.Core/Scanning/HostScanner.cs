using System.Globalization;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Scanning;

/// <summary>Step 1: reads the CPU, the IOMMU and every PCI device under a host root, and judges each GPU.</summary>
public sealed class HostScanner(TimeProvider time)
{
    public const string GroupsPath = "sys/kernel/iommu_groups";

    /// <summary>Scans the host. Broken or missing sysfs entries become warnings and device problems, never exceptions.</summary>
    public ScanReport Scan(HostRoot root, string? hostName = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var warnings = new List<string>();
        var cpu = CpuInfoReader.Read(root, warnings);
        var commandLineText = root.TryReadText("proc/cmdline")?.Trim();
        if (commandLineText is null) warnings.Add("proc/cmdline could not be read: the running kernel's parameters are unknown.");
        var commandLine = KernelCommandLine.Parse(commandLineText);

        var names = PciIdDatabase.Load(root);
        if (names.Source is null)
            warnings.Add("No PCI ID database (pci.ids) was found under usr/share/hwdata, usr/share/misc or usr/share: devices are shown by their IDs. Install the pci.ids or hwdata package for names.");

        var devices = ReadDevices(root, names, warnings);
        var groups = ReadGroups(root, devices, warnings);
        devices = FillGroupsFromGroupDirectories(devices, groups);
        var iommu = IommuInspector.Inspect(root, cpu, commandLine, groups.Count(g => g.Devices.Count > 0));
        if (iommu.Enabled)
        {
            foreach (var device in devices.Where(d => d.IommuGroup is null))
                warnings.Add($"{device.Address} is in no IOMMU group although the IOMMU is on.");
        }

        return new ScanReport
        {
            HostName = hostName ?? ReadHostName(root),
            ScannedAt = time.GetUtcNow(),
            Root = root.Path,
            Cpu = cpu,
            Iommu = iommu,
            KernelCommandLine = commandLine.Text,
            Devices = devices,
            Groups = groups,
            Gpus = GpuAssessor.Assess(devices, groups, cpu, iommu),
            Warnings = warnings,
        };
    }

    private static List<PciDevice> ReadDevices(HostRoot root, PciIdDatabase names, List<string> warnings)
    {
        HostDirectory directory;
        try
        {
            directory = root.OpenDirectory(PciDeviceReader.DevicesPath);
        }
        catch (HostPathEscapesRootException e)
        {
            warnings.Add($"sys/bus/pci/devices was not read: {e.Message}");
            return [];
        }
        var entries = directory.ListNames();
        if (entries.Count == 0)
            warnings.Add(root.DirectoryExists(PciDeviceReader.DevicesPath)
                ? "sys/bus/pci/devices is empty: this host shows no PCI devices."
                : "sys/bus/pci/devices does not exist: sysfs is not mounted, or the root is not a Linux host.");
        var devices = new List<PciDevice>(entries.Count);
        var driverTargets = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!PciAddress.TryParse(entry, out var address))
            {
                warnings.Add($"'{entry}' in sys/bus/pci/devices is not a PCI address and was skipped.");
                continue;
            }
            devices.Add(PciDeviceReader.Read(directory, address.Value, entry, names, driverTargets));
        }
        devices.Sort((a, b) => a.Address.CompareTo(b.Address));
        return devices;
    }

    private static List<IommuGroup> ReadGroups(HostRoot root, List<PciDevice> devices, List<string> warnings)
    {
        var known = devices.Select(d => d.Address).ToHashSet();
        var groups = new List<IommuGroup>();
        HostDirectory groupsDirectory;
        try
        {
            groupsDirectory = root.OpenDirectory(GroupsPath);
        }
        catch (HostPathEscapesRootException e)
        {
            warnings.Add($"{GroupsPath} was not read: {e.Message}");
            return groups;
        }
        foreach (var name in groupsDirectory.ListNames())
        {
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                warnings.Add($"'{name}' in {GroupsPath} is not a group number and was skipped.");
                continue;
            }
            var members = new List<PciAddress>();
            IReadOnlyList<string> memberNames;
            try
            {
                memberNames = groupsDirectory.OpenChild(name).OpenChild("devices").ListNames();
            }
            catch (HostPathEscapesRootException e)
            {
                warnings.Add($"IOMMU group {number} was not read: {e.Message}");
                memberNames = [];
            }
            foreach (var member in memberNames)
            {
                if (!PciAddress.TryParse(member, out var address)) continue;
                if (!known.Contains(address.Value))
                    warnings.Add($"IOMMU group {number} lists {member}, which is not in sys/bus/pci/devices.");
                members.Add(address.Value);
            }
            if (members.Count == 0) warnings.Add($"IOMMU group {number} has no devices.");
            members.Sort();
            groups.Add(new IommuGroup(number, members));
        }
        groups.Sort((a, b) => a.Number.CompareTo(b.Number));
        return groups;
    }

    /// <summary>A device whose own iommu_group link is missing may still be listed by its group: take it from there, and say so.</summary>
    private static List<PciDevice> FillGroupsFromGroupDirectories(List<PciDevice> devices, List<IommuGroup> groups)
    {
        var groupOf = new Dictionary<PciAddress, int>();
        foreach (var group in groups)
        {
            foreach (var member in group.Devices) groupOf.TryAdd(member, group.Number);
        }
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            if (device.IommuGroup is null && groupOf.TryGetValue(device.Address, out var number))
                devices[i] = device with
                {
                    IommuGroup = number,
                    Problems = [.. device.Problems, $"The device has no iommu_group link, but IOMMU group {number} lists it."],
                };
        }
        return devices;
    }

    /// <summary>The host's name as a scan names it (etc/hostname, else the kernel's), without scanning.</summary>
    public static string ReadHostName(HostRoot root) =>
        root.TryReadText("etc/hostname")?.Trim() is { Length: > 0 } name ? name
        : root.TryReadText("proc/sys/kernel/hostname")?.Trim() is { Length: > 0 } kernelName ? kernelName
        : "localhost";
}
