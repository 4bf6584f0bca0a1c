using System.Runtime.InteropServices;

namespace PassthroughWeb.Load;

/// <summary>
/// The open-file limit of this process (RLIMIT_NOFILE), which the hub it starts inherits: every agent is a socket here
/// and one at the hub, plus the processes' own files.
/// </summary>
public static class OpenFileLimit
{
    private const int OpenFiles = 7; // RLIMIT_NOFILE on Linux

    /// <summary>
    /// Raises the soft limit to at least <paramref name="needed"/> (up to the hard limit) when it is lower. Returns what
    /// was done, in words; throws when even the hard limit is too low.
    /// </summary>
    public static string Ensure(long needed)
    {
        if (!OperatingSystem.IsLinux()) return "open-file limit not checked (not Linux)";
        if (NativeMethods.getrlimit(OpenFiles, out var limit) != 0) return $"open-file limit unknown (getrlimit failed: errno {Marshal.GetLastPInvokeError()})";
        if ((long)limit.Current >= needed) return $"open-file limit {limit.Current} (needs {needed}): left as it is";
        if ((long)limit.Maximum < needed)
            throw new InvalidOperationException($"The open-file limit is {limit.Current} and its hard limit {limit.Maximum}, below the {needed} this run needs: raise it (`ulimit -Hn {needed}` as root, or LimitNOFILE=) or run fewer agents.");
        var was = limit.Current;
        var raised = limit with { Current = (ulong)needed };
        if (NativeMethods.setrlimit(OpenFiles, ref raised) != 0)
            throw new InvalidOperationException($"Raising the open-file limit from {was} to {needed} failed (errno {Marshal.GetLastPInvokeError()}).");
        return $"open-file limit raised from {was} to {needed} for this run and its hub";
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct ResourceLimit(ulong Current, ulong Maximum);

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int getrlimit(int resource, out ResourceLimit limit);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int setrlimit(int resource, ref ResourceLimit limit);
    }
}
