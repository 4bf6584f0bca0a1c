using System.Diagnostics;
using System.Globalization;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Benchmarks;

/// <summary>
/// Wall time over N runs of the three ways to see a host's groups: the scan (in-process, warm), one
/// <c>lspci -nnk</c>, and the guide's loop (one <c>lspci -nns</c> per device, each reading the whole tree).
/// The loop grows with the square of the device count; past <c>--loop-limit</c> groups it runs on the first
/// groups only and the time is scaled up by devices, which the table marks.
/// </summary>
public static class WallClock
{
    // The guide's loop, unchanged but for the tree's path (the guide reads /sys) and the lost "done" lines.
    private const string GuideLoop =
        """
        shopt -s nullglob
        root=$1
        for g in $(find "$root"/sys/kernel/iommu_groups/* -maxdepth 0 -type d | sort -V | head -n "$2"); do
            echo "IOMMU Group ${g##*/}:"
            for d in $g/devices/*; do
                echo -e "\t$(lspci -nns ${d##*/} -A linux-sysfs -O sysfs.path="$root"/sys/bus/pci)"
            done
        done
        """;

    public static CommandRequest LspciNnk(string root) =>
        new("lspci", ["-nnk", "-A", "linux-sysfs", "-O", $"sysfs.path={root}/sys/bus/pci"]);

    private static CommandRequest Loop(string root, int groupLimit) =>
        new("bash", ["-c", GuideLoop, "guide-loop", root, groupLimit.ToString(CultureInfo.InvariantCulture)]) { Timeout = TimeSpan.FromMinutes(30) };

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var runs = Option(arguments, "--runs", 20);
        var loopRuns = Option(arguments, "--loop-runs", 3);
        var loopLimit = Option(arguments, "--loop-limit", 200);
        var sizes = arguments.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault()?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()
                    ?? [50, 500, 5000];
        var runner = new ProcessCommandRunner();
        var scanner = new HostScanner(TimeProvider.System);

        Console.WriteLine($"| devices | HostScanner.Scan (warm, median of {runs}) | lspci -nnk (median of {runs}) | guide loop (median of {loopRuns}) |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var directory = BenchmarkHosts.Ensure(size);
            var root = new HostRoot(directory);
            var devices = scanner.Scan(root).Devices.Count;
            var scan = Median(runs, () => scanner.Scan(root));

            var lspciTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await runner.RunAsync(LspciNnk(directory), CancellationToken.None);
                lspciTimes.Add(clock.Elapsed.TotalMilliseconds);
                if (result.ExitCode != 0) throw new InvalidOperationException(result.StandardError);
                if (i == 0 && IommuListing.Parse(result.StandardOutput).Entries.Count != devices)
                    throw new InvalidOperationException($"lspci -nnk listed {IommuListing.Parse(result.StandardOutput).Entries.Count} devices, the scan {devices}.");
            }

            var groupCount = root.ListNames(HostScanner.GroupsPath).Count;
            var limit = Math.Min(groupCount, loopLimit);
            var loopTimes = new List<double>();
            var loopDevices = 0;
            for (var i = 0; i < loopRuns; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await runner.RunAsync(Loop(directory, limit), CancellationToken.None);
                loopTimes.Add(clock.Elapsed.TotalMilliseconds);
                if (result.ExitCode != 0) throw new InvalidOperationException(result.StandardError);
                loopDevices = IommuListing.Parse(result.StandardOutput).Entries.Count;
            }
            var loop = MedianOf(loopTimes);
            var loopText = limit == groupCount
                ? Format(loop)
                : $"≈ {Format(loop * devices / loopDevices)} (scaled from {loopDevices} devices: {Format(loop)})";

            Console.WriteLine($"| {devices} | {Format(scan)} | {Format(MedianOf(lspciTimes))} | {loopText} |");
        }
        return 0;
    }

    private static double Median(int runs, Action action)
    {
        action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return MedianOf(times);
    }

    private static double MedianOf(List<double> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    private static string Format(double milliseconds) =>
        milliseconds >= 10_000 ? $"{milliseconds / 1000:F1} s" : $"{milliseconds:F1} ms";

    private static int Option(IReadOnlyList<string> arguments, string name, int fallback)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == name) return int.Parse(arguments[i + 1], CultureInfo.InvariantCulture);
        }
        return fallback;
    }
}
