using System.Globalization;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Topology;

/// <summary>
/// Builds the PCI tree of a scan. A device's place comes from its sysfs path (<c>/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0</c>:
/// the bridges above it, exactly as the kernel found them). When the path does not show it (a scan stored before paths
/// were read, a host tree written flat from a listing), the bridge is inferred from bus numbers, the way firmware
/// numbers buses: depth first, each bridge taking the next bus. A bus whose bridge the scan does not show at all
/// hangs under its root complex as a bus of its own. Every device of the scan appears exactly once.
/// </summary>
public static class PciTopologyBuilder
{
    public static PciTopology Build(ScanReport scan, PciAddress? chosenCard, HostNeeds needs)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(needs);
        var devices = scan.Devices.GroupBy(d => d.Address).Select(g => g.First()).OrderBy(d => d.Address).ToList();
        var byAddress = devices.ToDictionary(d => d.Address);

        // Where each device hangs: a bridge (exact or inferred), a root complex, or an unlinked bus.
        var parents = new Dictionary<PciAddress, (string Id, bool Inferred)>();
        var roots = new SortedDictionary<(int Domain, int Bus), string>();
        var unlinkedBuses = new SortedDictionary<(int Domain, int Bus), string>();
        var pending = new List<PciDevice>();
        foreach (var device in devices)
        {
            var place = SysfsPlace.Parse(device.SysfsPath, device.Address);
            if (place is null)
            {
                pending.Add(device);
                continue;
            }
            roots.TryAdd((place.Value.Domain, place.Value.RootBus), place.Value.RootName);
            if (place.Value.Parent is { } parent && byAddress.ContainsKey(parent) && parent != device.Address)
                parents[device.Address] = (parent.ToString(), false);
            else if (place.Value.Parent is null && device.Address.Bus == place.Value.RootBus)
                parents[device.Address] = (place.Value.RootName, false);
            else
                pending.Add(device);
        }
        InferPlaces(pending, devices, parents, roots, unlinkedBuses);
        BreakCycles(devices, parents, roots);

        var chosen = chosenCard is { } wanted
            ? scan.Gpus.FirstOrDefault(g => g.Address == wanted) ?? scan.Gpus.FirstOrDefault(g => g.Functions.Contains(wanted))
            : null;
        var functions = chosen?.Functions.ToHashSet() ?? [];
        var chosenGroups = chosen?.Groups.ToHashSet() ?? [];
        var needed = needs.Devices.GroupBy(d => d.Address).ToDictionary(g => g.Key, g => g.ToList());
        var diskByClass = !needs.DiskTraced;
        var networkByClass = !needs.NetworkTraced;

        var children = new Dictionary<string, List<(SortKey Key, TopologyNode Node)>>(StringComparer.Ordinal);
        void AddChild(string parentId, SortKey key, TopologyNode node)
        {
            if (!children.TryGetValue(parentId, out var list)) children[parentId] = list = [];
            list.Add((key, node));
        }
        foreach (var ((domain, bus), id) in unlinkedBuses)
        {
            var root = RootOf(roots, domain);
            AddChild(root, new SortKey(bus, -1, -1), new TopologyNode
            {
                Id = id,
                Kind = TopologyNodeKind.UnlinkedBus,
                ParentId = root,
                Depth = 0,
                Label = string.Create(CultureInfo.InvariantCulture, $"Bus {domain:x4}:{bus:x2}"),
            });
        }
        foreach (var device in devices)
        {
            var (parentId, inferred) = parents[device.Address];
            var marks = TopologyMarks.None;
            if (functions.Contains(device.Address)) marks |= TopologyMarks.ChosenCard;
            else if (device.IommuGroup is { } group && chosenGroups.Contains(group)) marks |= TopologyMarks.SharesChosenGroup;
            if (device.BootVga == true) marks |= TopologyMarks.BootDisplay;
            string? role = null;
            if (needed.TryGetValue(device.Address, out var critical))
            {
                foreach (var need in critical)
                    marks |= need.Kind == IsolationRefusalKind.Network ? TopologyMarks.HostNetwork : TopologyMarks.HostDisk;
                role = "The host needs it for " + string.Join(" and for ", critical.Select(c => c.Role)) + ".";
            }
            if (diskByClass && PciClass.IsStorage(device.ClassCode))
            {
                marks |= TopologyMarks.StorageClass;
                role ??= "A storage controller: it may hold the host's own disk (the disk under / was not traced to a PCI device).";
            }
            if (networkByClass && PciClass.IsNetwork(device.ClassCode))
            {
                marks |= TopologyMarks.NetworkClass;
                role ??= "A network controller: it may carry the host's network (the default route was not traced to a PCI device).";
            }
            AddChild(parentId, new SortKey(device.Address.Bus, device.Address.Slot, device.Address.Function), new TopologyNode
            {
                Id = device.Address.ToString(),
                Kind = device.ClassCode.StartsWith("06", StringComparison.Ordinal) ? TopologyNodeKind.Bridge : TopologyNodeKind.Device,
                Device = device,
                ParentId = parentId,
                Depth = 0,
                InferredLink = inferred,
                Marks = marks,
                HostRole = role,
                Label = device.Address.ToString(),
            });
        }

        var ordered = new List<TopologyNode>(devices.Count + roots.Count + unlinkedBuses.Count);
        void Visit(TopologyNode node, int depth)
        {
            ordered.Add(node with { Depth = depth });
            if (!children.TryGetValue(node.Id, out var list)) return;
            foreach (var (_, child) in list.OrderBy(c => c.Key)) Visit(child, depth + 1);
        }
        foreach (var ((domain, bus), id) in roots)
        {
            Visit(new TopologyNode
            {
                Id = id,
                Kind = TopologyNodeKind.RootComplex,
                Depth = 0,
                Label = string.Create(CultureInfo.InvariantCulture, $"Root complex {domain:x4}:{bus:x2}"),
            }, 0);
        }

        return new PciTopology
        {
            HostName = scan.HostName,
            IommuEnabled = scan.Iommu.Enabled,
            Nodes = ordered,
            Groups = scan.Groups,
            ChosenCard = chosen,
            DiskFromClassCodes = diskByClass,
            NetworkFromClassCodes = networkByClass,
        };
    }

    /// <summary>
    /// Places devices whose sysfs path does not show their bridge. Firmware numbers buses depth first: the first bridge
    /// on the root bus gets the next bus, the bridges below it the ones after, and so on. So, walking the bridges in that
    /// order, each one takes the lowest bus above those already taken on which the scan shows devices. An empty root
    /// port also takes a bus number on a real host, which a listing cannot show: such links are marked inferred.
    /// </summary>
    private static void InferPlaces(
        List<PciDevice> pending, List<PciDevice> devices, Dictionary<PciAddress, (string Id, bool Inferred)> parents,
        SortedDictionary<(int Domain, int Bus), string> roots, SortedDictionary<(int Domain, int Bus), string> unlinkedBuses)
    {
        foreach (var domainDevices in pending.GroupBy(d => d.Address.Domain))
        {
            var domain = domainDevices.Key;
            var root = roots.Where(r => r.Key.Domain == domain).Select(r => ((int Domain, int Bus)?)r.Key).FirstOrDefault();
            var rootBus = root?.Bus ?? 0;
            if (root is null) roots[(domain, rootBus)] = string.Create(CultureInfo.InvariantCulture, $"pci{domain:x4}:{rootBus:x2}");
            var rootId = RootOf(roots, domain);

            // Buses already fed by a bridge known from sysfs are taken; the buses of pending devices are free to claim.
            var secondary = new Dictionary<PciAddress, int>();
            var taken = new HashSet<int> { rootBus };
            foreach (var device in devices.Where(d => d.Address.Domain == domain))
            {
                if (parents.TryGetValue(device.Address, out var parent) && PciAddress.TryParse(parent.Id, out var bridge) && parent.Id.Length == 12)
                {
                    secondary[bridge.Value] = device.Address.Bus;
                    taken.Add(device.Address.Bus);
                }
            }
            var free = new SortedSet<int>(domainDevices.Select(d => d.Address.Bus).Where(b => !taken.Contains(b)));
            var bridgesOnBus = devices.Where(d => d.Address.Domain == domain && IsPciToPciBridge(d.ClassCode))
                .GroupBy(d => d.Address.Bus).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Address).ToList());
            var fedBy = new Dictionary<int, PciAddress>();
            var last = rootBus;
            var visited = new HashSet<int>();
            void Walk(int bus)
            {
                if (!visited.Add(bus) || !bridgesOnBus.TryGetValue(bus, out var bridges)) return;
                foreach (var bridge in bridges)
                {
                    if (secondary.TryGetValue(bridge.Address, out var known))
                    {
                        last = Math.Max(last, known);
                        Walk(known);
                        continue;
                    }
                    var floor = Math.Max(last, bus);
                    var next = free.GetViewBetween(floor + 1, int.MaxValue).Min;
                    if (next == 0) continue;
                    free.Remove(next);
                    fedBy[next] = bridge.Address;
                    last = next;
                    Walk(next);
                }
            }
            Walk(rootBus);

            foreach (var device in domainDevices)
            {
                var bus = device.Address.Bus;
                if (bus == rootBus) parents[device.Address] = (rootId, false);
                else if (fedBy.TryGetValue(bus, out var bridge) && bridge != device.Address) parents[device.Address] = (bridge.ToString(), true);
                else
                {
                    var busId = string.Create(CultureInfo.InvariantCulture, $"bus {domain:x4}:{bus:x2}");
                    unlinkedBuses.TryAdd((domain, bus), busId);
                    parents[device.Address] = (busId, false);
                }
            }
        }
    }

    /// <summary>Sysfs paths that contradict each other could make a loop: such a device is hung under its root complex instead.</summary>
    private static void BreakCycles(List<PciDevice> devices, Dictionary<PciAddress, (string Id, bool Inferred)> parents, SortedDictionary<(int Domain, int Bus), string> roots)
    {
        foreach (var device in devices)
        {
            var seen = new HashSet<PciAddress> { device.Address };
            var current = parents[device.Address].Id;
            while (current.Length == 12 && PciAddress.TryParse(current, out var up) && parents.ContainsKey(up.Value))
            {
                if (!seen.Add(up.Value))
                {
                    if (!roots.Keys.Any(k => k.Domain == device.Address.Domain))
                        roots[(device.Address.Domain, 0)] = string.Create(CultureInfo.InvariantCulture, $"pci{device.Address.Domain:x4}:00");
                    parents[device.Address] = (RootOf(roots, device.Address.Domain), true);
                    break;
                }
                current = parents[up.Value].Id;
            }
        }
    }

    private static string RootOf(SortedDictionary<(int Domain, int Bus), string> roots, int domain) =>
        roots.First(r => r.Key.Domain == domain).Value;

    private static bool IsPciToPciBridge(string classCode) => classCode is "0604" or "0609";

    private readonly record struct SortKey(int Bus, int Slot, int Function) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other) => (Bus, Slot, Function).CompareTo((other.Bus, other.Slot, other.Function));
    }

    /// <summary>What a sysfs path says about a device's place: its root complex and the bridge right above it.</summary>
    private readonly record struct SysfsPlace(string RootName, int Domain, int RootBus, PciAddress? Parent)
    {
        public static SysfsPlace? Parse(string? path, PciAddress self)
        {
            if (string.IsNullOrEmpty(path)) return null;
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var rootIndex = Array.FindIndex(parts, p => p.StartsWith("pci", StringComparison.Ordinal) && p.Length == 10 && p[7] == ':');
            if (rootIndex < 0 || parts.Length < rootIndex + 2 || parts[^1] != self.ToString()) return null;
            var root = parts[rootIndex];
            if (!int.TryParse(root.AsSpan(3, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var domain) ||
                !int.TryParse(root.AsSpan(8, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bus) ||
                domain != self.Domain)
                return null;
            if (parts.Length == rootIndex + 2) return new SysfsPlace(root, domain, bus, null);
            return PciAddress.TryParse(parts[^2], out var parent) && parts[^2].Length == 12 ? new SysfsPlace(root, domain, bus, parent) : null;
        }
    }
}
