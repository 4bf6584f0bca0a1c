using System.Diagnostics;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Benchmarks;

/// <summary>Where a warm scan spends its time: the scanner's public parts, each timed alone on the same tree.</summary>
public static class ScanProfile
{
    public static int Run(int deviceCount, int runs)
    {
        var root = new HostRoot(BenchmarkHosts.Ensure(deviceCount));
        var scanner = new HostScanner(TimeProvider.System);
        var report = scanner.Scan(root);
        var devicesDirectory = root.OpenDirectory(PciDeviceReader.DevicesPath);
        var entries = devicesDirectory.ListNames();
        var names = PciIdDatabase.Load(root);

        Console.WriteLine($"{report.Devices.Count} devices, {report.Groups.Count} groups, median of {runs} warm runs:");
        Time("whole scan", runs, () => scanner.Scan(root));
        Time("proc/cpuinfo", runs, () => CpuInfoReader.Read(root, []));
        Time("pci.ids (cached)", runs, () => PciIdDatabase.Load(root));
        Time("list sys/bus/pci/devices", runs, () => root.OpenDirectory(PciDeviceReader.DevicesPath).ListNames());
        Time("read every device", runs, () =>
        {
            foreach (var entry in entries) PciDeviceReader.Read(devicesDirectory, PciAddress.Parse(entry), entry, names);
        });
        Time("  open device directories", runs, () =>
        {
            foreach (var entry in entries) devicesDirectory.OpenChild(entry);
        });
        var directories = entries.Select(devicesDirectory.OpenChild).ToList();
        Time("  read 'class' of each", runs, () =>
        {
            foreach (var directory in directories) directory.TryReadText("class");
        });
        Time("  read 'config' of each", runs, () =>
        {
            foreach (var directory in directories) directory.TryReadBytes("config", 64);
        });
        Time("  driver link of each", runs, () =>
        {
            foreach (var directory in directories) directory.ReadSymlink("driver");
        });
        Time("  iommu_group link of each", runs, () =>
        {
            foreach (var directory in directories) directory.ReadSymlink("iommu_group");
        });
        Time("list every group's devices", runs, () =>
        {
            var groups = root.OpenDirectory(HostScanner.GroupsPath);
            foreach (var group in groups.ListNames()) groups.OpenChild(group).OpenChild("devices").ListNames();
        });
        Time("judge GPUs", runs, () => GpuAssessor.Assess(report.Devices, report.Groups, report.Cpu, report.Iommu));
        Time("whole scan, again (JIT settled)", runs, () => scanner.Scan(root));
        return 0;
    }

    private static void Time(string what, int runs, Action action)
    {
        action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {what,-32} {times[runs / 2],9:F2} ms");
    }
}
