namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// How big a new VM may be and is by default. The guide: "reserve at least 2 CPU cores and some RAM for your Linux
/// host". Two cores are counted in hardware threads (4 logical CPUs with SMT); the host keeps 4 GiB or a quarter of
/// its memory, whichever is more. Windows' own minimums are what its Setup checks.
/// </summary>
public static class VmSizing
{
    public const long GiB = 1024L * 1024 * 1024;
    public const int HostCores = 2;
    public const long MinimumHostMemory = 4 * GiB;

    /// <summary>The guide's example VM has 8 GB: a sensible start that the user may raise.</summary>
    public const long DefaultMemoryCap = 8 * GiB;

    /// <summary>Windows 11's minimum, and above the guide's "at least 50 GB".</summary>
    public const long DefaultDiskBytes = 64 * GiB;

    /// <summary>Logical CPUs the host keeps: two cores' worth of threads (all of them on a host that small).</summary>
    public static int ReservedCpus(HostResources host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Math.Min(host.LogicalCpus, HostCores * Math.Max(1, host.ThreadsPerCore));
    }

    /// <summary>The most vCPUs a VM may have and still leave the host two cores.</summary>
    public static int MaxVirtualCpus(HostResources host) => Math.Max(0, host.LogicalCpus - ReservedCpus(host));

    public static long ReservedMemory(long hostMemory) => Math.Max(MinimumHostMemory, hostMemory / 4);

    /// <summary>The most memory a VM may have and still leave the host its share, in whole MiB.</summary>
    public static long MaxMemory(long hostMemory) => Math.Max(0, hostMemory - ReservedMemory(hostMemory)) / (1024 * 1024) * (1024 * 1024);

    /// <summary>8 GiB where the host can spare it, otherwise what it can spare, in whole GiB when that is at least 1 GiB.</summary>
    public static long DefaultMemory(long hostMemory)
    {
        var max = MaxMemory(hostMemory);
        return max >= GiB ? Math.Min(DefaultMemoryCap, max / GiB * GiB) : max;
    }

    public static int MinimumVirtualCpus(WindowsVersion windows) => windows == WindowsVersion.Windows11 ? 2 : 1;

    public static long MinimumMemory(WindowsVersion windows) => windows == WindowsVersion.Windows11 ? 4 * GiB : 2 * GiB;

    public static long MinimumDisk(WindowsVersion windows) => windows == WindowsVersion.Windows11 ? 64 * GiB : 32 * GiB;

    /// <summary>Bytes in the largest unit that divides them evenly, for messages ("8 GiB", "1536 MiB").</summary>
    public static string Format(long bytes) =>
        bytes % GiB == 0 ? $"{bytes / GiB} GiB" : bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / (double)GiB:0.0} GiB";
}
