using System.Globalization;
using System.Runtime.InteropServices;

namespace PassthroughWeb.Load;

/// <summary>A process's CPU time and memory as the kernel counts them (<c>/proc/PID/stat</c>, <c>/proc/PID/status</c>).</summary>
public readonly record struct ProcessUsage(TimeSpan CpuTime, long RssBytes, long PeakRssBytes)
{
    private static readonly long TicksPerSecond = ClockTicks();

    public static ProcessUsage Read(int pid)
    {
        // The command name in parentheses may hold spaces: the fields are counted from after its closing one.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the whole line; fields[0] is field 3 (the state).
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }
        return new ProcessUsage(TimeSpan.FromSeconds((double)ticks / TicksPerSecond), rss * 1024, peak * 1024);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static long ClockTicks()
    {
        const int clockTicksName = 2; // _SC_CLK_TCK
        var ticks = NativeMethods.sysconf(clockTicksName);
        return ticks > 0 ? ticks : 100;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern long sysconf(int name);
    }
}
