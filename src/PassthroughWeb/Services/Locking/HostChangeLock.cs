using System.Text.Json;

namespace PassthroughWeb.Services.Locking;

/// <summary>
/// One change set at a time per host (an apply, a rollback, a rehearsal, a VM change), across the threads of the web
/// app and every process on the same data directory (the CLI, a second server). The lock is an OS file lock on
/// <c>&lt;data&gt;/locks/&lt;host&gt;.lock</c>: .NET opens a file shared with no one by taking <c>flock(LOCK_EX|LOCK_NB)</c> on
/// Linux, so the kernel releases it when the holder's process ends however it ends, and util-linux <c>flock</c>
/// on the same file takes part too. Beside it, <c>&lt;host&gt;.holder.json</c> says who holds it, for the message of
/// whoever is refused.
/// </summary>
public sealed class HostChangeLock
{
    public const string DirectoryName = "locks";

    // When flock finds the file locked, .NET on Linux throws an IOException ("being used by another process") whose
    // HResult is the raw errno, EWOULDBLOCK (11 on Linux); Windows' ERROR_SHARING_VIOLATION is accepted for clarity.
    // Any other IOException (a full disk, a read-only data directory) is not "busy" and propagates.
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly TimeProvider _time;

    public HostChangeLock(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), DirectoryName);
        _time = time;
    }

    /// <summary>The machine path of <c>locks/</c> in the data directory.</summary>
    public string Directory { get; }

    /// <summary>The machine path of the lock file of <paramref name="host"/> (always inside <see cref="Directory"/>).</summary>
    public string LockPathOf(string host) => Path.Combine(Directory, HostLockFileName.For(host) + ".lock");

    private string HolderPathOf(string host) => Path.Combine(Directory, HostLockFileName.For(host) + ".holder.json");

    /// <summary>
    /// Takes the change lock of <paramref name="host"/> for <paramref name="activity"/> without waiting: the lease to
    /// dispose when the change set ends, or who holds the lock instead. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the data directory cannot hold the lock, and
    /// <see cref="InvalidOperationException"/> when .NET's file locking was turned off for this process.
    /// </summary>
    public async Task<HostLockAttempt> TryAcquireAsync(string host, ChangeActivity activity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(activity);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The app runs on Linux hosts only.");
        if (FileLockingDisabled())
        {
            throw new InvalidOperationException(
                "File locking is turned off for this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), " +
                "so two changes of one host could run at once; unset it to change hosts.");
        }

        Configuration.PrivateDataFiles.EnsureDirectory(Directory);
        var lockPath = LockPathOf(host);
        FileStream file;
        try
        {
            // The file is never deleted: removing a lock file while another process opens it would let both "hold" it.
            file = new FileStream(lockPath, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            return HostLockAttempt.Of(HostLockRefusal.For(host, await ReadHolderAsync(HolderPathOf(host), ct).ConfigureAwait(false), lockPath, _time.GetUtcNow()));
        }

        var holder = new HostLockHolder
        {
            Host = host,
            Activity = activity.Description,
            User = activity.User,
            ProcessId = Environment.ProcessId,
            Since = _time.GetUtcNow(),
            ChangeSetId = activity.ChangeSetId,
        };
        var lease = new HostChangeLease(file, HolderPathOf(host), holder);
        try
        {
            await HostChangeLease.WriteHolderAsync(HolderPathOf(host), holder, ct).ConfigureAwait(false);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return HostLockAttempt.Of(lease);
    }

    /// <summary>
    /// The holder's note, or null when there is none or it is stale: a holder that died leaves its note behind, and
    /// the lock may since be held by someone who wrote none.
    /// </summary>
    private static async Task<HostLockHolder?> ReadHolderAsync(string path, CancellationToken ct)
    {
        HostLockHolder? holder;
        try
        {
            await using var file = File.OpenRead(path);
            holder = await JsonSerializer.DeserializeAsync(file, LockingJsonContext.Default.HostLockHolder, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
        return holder is not null && IsRunning(holder.ProcessId) ? holder : null;
    }

    private static bool IsRunning(int processId) => processId == Environment.ProcessId || System.IO.Directory.Exists($"/proc/{processId}");

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "True" or "TRUE";
}
