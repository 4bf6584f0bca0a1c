using System.Globalization;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>Reads <c>proc/cpuinfo</c> (logical CPUs, threads per core) and <c>proc/meminfo</c> (MemTotal) under a host root.</summary>
public static class HostResourcesReader
{
    public static HostResources Read(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cpuinfo = root.TryReadText("proc/cpuinfo") ?? "";
        var meminfo = root.TryReadText("proc/meminfo");
        return new HostResources
        {
            LogicalCpus = CpuInfoReader.Parse(cpuinfo).LogicalCpus,
            ThreadsPerCore = ThreadsPerCore(cpuinfo),
            MemoryBytes = meminfo is null ? null : MemTotal(meminfo),
        };
    }

    /// <summary>
    /// <c>siblings</c> (threads in the package) over <c>cpu cores</c> (cores in the package) of the first processor;
    /// 1 when the kernel does not print them (some virtual and non-x86 hosts).
    /// </summary>
    public static int ThreadsPerCore(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        int? siblings = null, cores = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key == "siblings" && siblings is null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) siblings = s;
            else if (key == "cpu cores" && cores is null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c)) cores = c;
            if (siblings is not null && cores is not null) break;
        }
        return siblings is > 0 && cores is > 0 && siblings >= cores && siblings % cores == 0 ? siblings.Value / cores.Value : 1;
    }

    /// <summary>MemTotal in bytes (the file says kB, meaning KiB); null when the line is missing or unreadable.</summary>
    public static long? MemTotal(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
        }
        return null;
    }
}
