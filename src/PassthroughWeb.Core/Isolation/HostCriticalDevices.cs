using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Finds the PCI devices the host cannot give away: the disk controllers under / and /boot (from
/// <c>proc/self/mountinfo</c>, through <c>sys/dev/block</c> or <c>sys/class/block</c> to the device's sysfs
/// path, following <c>slaves/</c> of dm and md devices), and the network controller of the default route
/// (<c>proc/net/route</c>, through bridges, bonds and VLANs to <c>sys/class/net/IF</c>'s device path).
/// </summary>
public static class HostCriticalDevices
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<HostCriticalDevice> Find(HostRoot root, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(warnings);
        var found = new List<HostCriticalDevice>();
        foreach (var mountPoint in (string[])["/", "/boot"])
        {
            var mount = FindMount(root, mountPoint);
            if (mount is null)
            {
                if (mountPoint == "/") warnings.Add("Neither proc/self/mountinfo nor proc/mounts shows the / filesystem: the disk the host boots from is unknown, so it cannot be kept out of the VM's group.");
                continue;
            }
            var blockPaths = new List<string>();
            if (mount.Value.MajorMinor is { } majorMinor && TryResolve(root, $"sys/dev/block/{majorMinor}") is { } byNumber) blockPaths.Add(byNumber);
            else if (mount.Value.Source.StartsWith("/dev/", StringComparison.Ordinal) && BlockByName(root, mount.Value.Source[5..]) is { } byName) blockPaths.Add(byName);
            if (blockPaths.Count == 0)
            {
                if (mount.Value.Source.StartsWith("/dev/", StringComparison.Ordinal) || mount.Value.MajorMinor is not null)
                    warnings.Add($"The {mountPoint} filesystem ({mount.Value.Source}) could not be traced to a device in sys/class/block: its disk controller is unknown.");
                continue;
            }
            var what = mountPoint == "/" ? "the / filesystem" : "the /boot filesystem";
            foreach (var (address, via) in PciOfBlock(root, blockPaths[0], 0))
            {
                if (found.Any(f => f.Address == address && f.Kind == IsolationRefusalKind.RootDisk)) continue;
                found.Add(new HostCriticalDevice { Address = address, Kind = IsolationRefusalKind.RootDisk, Role = $"{what} ({mount.Value.Source}, on {via})" });
            }
        }

        foreach (var iface in DefaultRouteInterfaces(root))
        {
            var addresses = PciOfInterface(root, iface, 0).ToList();
            if (addresses.Count == 0) warnings.Add($"The default route goes through {iface}, which is not on a PCI device (or could not be traced): nothing to keep for it.");
            foreach (var (address, via) in addresses)
            {
                if (found.Any(f => f.Address == address && f.Kind == IsolationRefusalKind.Network)) continue;
                found.Add(new HostCriticalDevice { Address = address, Kind = IsolationRefusalKind.Network, Role = $"the network interface of the default route ({(via == iface ? iface : $"{iface} via {via}")})" });
            }
        }
        return found;
    }

    private static (string Source, string? MajorMinor)? FindMount(HostRoot root, string mountPoint)
    {
        (string, string?)? result = null;
        var mountinfo = root.TryReadText("proc/self/mountinfo");
        if (mountinfo is not null)
        {
            foreach (var line in mountinfo.Split('\n'))
            {
                var fields = line.Split(' ');
                var separator = Array.IndexOf(fields, "-");
                if (fields.Length < 7 || separator < 6 || separator + 2 >= fields.Length) continue;
                // The last mount on a point is the one in effect.
                if (Unescape(fields[4]) == mountPoint) result = (Unescape(fields[separator + 2]), fields[2]);
            }
            if (result is not null) return result;
        }
        var mounts = root.TryReadText("proc/mounts");
        if (mounts is null) return null;
        foreach (var line in mounts.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 3 && Unescape(fields[1]) == mountPoint && fields[0] != "rootfs") result = (Unescape(fields[0]), null);
        }
        return result;
    }

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    private static string? BlockByName(HostRoot root, string name)
    {
        if (TryResolve(root, $"sys/class/block/{name}") is { } direct) return direct;
        // /dev/mapper/NAME is a dm device: its sysfs name is dm-N, whose dm/name is NAME.
        if (name.StartsWith("mapper/", StringComparison.Ordinal))
        {
            var wanted = name["mapper/".Length..];
            foreach (var entry in root.ListNames("sys/class/block").Where(n => n.StartsWith("dm-", StringComparison.Ordinal)))
            {
                if (root.TryReadText($"sys/class/block/{entry}/dm/name")?.Trim() == wanted) return TryResolve(root, $"sys/class/block/{entry}");
            }
        }
        return null;
    }

    /// <summary>The PCI controllers under a block device: its own sysfs path, or those of the devices it is built on (dm, md).</summary>
    private static IEnumerable<(PciAddress Address, string Via)> PciOfBlock(HostRoot root, string hostPath, int depth)
    {
        if (depth > MaxDepth) yield break;
        // A partition (nvme0n1p2, md0p1) sits inside the directory of its whole disk.
        if (root.FileExists(hostPath + "/partition")) hostPath = Path.GetDirectoryName(hostPath)!;
        var name = Path.GetFileName(hostPath);
        var slaves = root.ListNames(hostPath + "/slaves");
        if (slaves.Count > 0)
        {
            foreach (var slave in slaves)
            {
                if (TryResolve(root, $"sys/class/block/{slave}") is not { } slavePath) continue;
                foreach (var item in PciOfBlock(root, slavePath, depth + 1)) yield return item;
            }
            yield break;
        }
        if (LastPciAddress(hostPath) is { } address) yield return (address, name);
    }

    private static IEnumerable<string> DefaultRouteInterfaces(HostRoot root)
    {
        var route = root.TryReadText("proc/net/route");
        if (route is null) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in route.Split('\n').Skip(1))
        {
            var fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[1] == "00000000" && seen.Add(fields[0])) yield return fields[0];
        }
    }

    private static IEnumerable<(PciAddress Address, string Via)> PciOfInterface(HostRoot root, string iface, int depth)
    {
        if (depth > MaxDepth) yield break;
        var directory = $"sys/class/net/{iface}";
        if (TryResolve(root, directory + "/device") is { } device && LastPciAddress(device) is { } address)
        {
            yield return (address, iface);
            yield break;
        }
        // A bridge lists its ports in brif/, bonds, VLANs and macvlans link their lower devices as lower_IF.
        var lowers = root.ListNames(directory + "/brif")
            .Concat(root.ListNames(directory).Where(n => n.StartsWith("lower_", StringComparison.Ordinal)).Select(n => n["lower_".Length..]))
            .Distinct(StringComparer.Ordinal);
        foreach (var lower in lowers)
        {
            foreach (var item in PciOfInterface(root, lower, depth + 1)) yield return item;
        }
    }

    private static string? TryResolve(HostRoot root, string hostPath)
    {
        try
        {
            var machine = root.Resolve(hostPath);
            return Directory.Exists(machine) || File.Exists(machine) ? root.ToHostPath(machine) : null;
        }
        catch (HostPathEscapesRootException)
        {
            return null;
        }
    }

    /// <summary>The last PCI address in a sysfs device path: the device itself, below the bridges that lead to it.</summary>
    internal static PciAddress? LastPciAddress(string path)
    {
        PciAddress? last = null;
        foreach (var component in path.Split('/'))
        {
            if (component.Length == 12 && PciAddress.TryParse(component, out var address)) last = address;
        }
        return last;
    }
}
