namespace PassthroughWeb.Data;

/// <summary>
/// The app is the only writer of its SQLite database (PostgreSQL's lock is <see cref="PostgreSqlMigrationLock"/>), but the CLI, a second server and the web app may start at once:
/// whoever prepares the schema first holds an OS file lock on <c>&lt;data&gt;/passthroughweb.db.migrating</c> (.NET takes
/// <c>flock(LOCK_EX|LOCK_NB)</c> for a file shared with no one), and the others wait for it, saying so. The kernel
/// releases the lock however its holder ends, so it can never be left behind as EF Core's lock row can.
/// </summary>
public sealed class DatabaseMigrationLock : IDisposable
{
    public const string Suffix = ".migrating";

    /// <summary>After this long a waiter says what it waits for.</summary>
    public static readonly TimeSpan SayAfter = TimeSpan.FromSeconds(2);

    /// <summary>Applying every migration takes well under a second; a holder busy this long is stuck, and the waiter gives up.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    private const int WouldBlock = 11;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _file;

    private DatabaseMigrationLock(FileStream file) => _file = file;

    public static string PathIn(string dataDirectory) => PassthroughDatabase.PathIn(dataDirectory) + Suffix;

    /// <summary>
    /// Takes the lock, waiting while another process holds it; <paramref name="waiting"/> hears once why, after
    /// <see cref="SayAfter"/>. Throws <see cref="DatabaseUnavailableException"/> after <paramref name="giveUpAfter"/>.
    /// </summary>
    public static async Task<DatabaseMigrationLock> AcquireAsync(string dataDirectory, Action<string>? waiting, CancellationToken ct, TimeSpan? giveUpAfter = null)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The app runs on Linux hosts only.");
        var path = PathIn(dataDirectory);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var said = false;
        while (true)
        {
            try
            {
                return new DatabaseMigrationLock(new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }));
            }
            catch (IOException e) when (e.HResult == WouldBlock)
            {
                var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (waited >= (giveUpAfter ?? GiveUpAfter))
                {
                    throw new DatabaseUnavailableException(PassthroughDatabase.PathIn(dataDirectory),
                        $"another process has been preparing it for {waited.TotalSeconds:F0} s and still holds {path}",
                        "Find it with `fuser " + path + "` (or `lsof`), let it finish or stop it, then run again.", e);
                }
                if (!said && waited >= SayAfter)
                {
                    said = true;
                    waiting?.Invoke($"Waiting for another PassthroughWeb process to finish preparing the database {PassthroughDatabase.PathIn(dataDirectory)} (it holds {path}; the lock goes when that process ends).");
                }
                await Task.Delay(Poll, ct).ConfigureAwait(false);
            }
        }
    }

    // The file stays: deleting it while another process opens it would let both believe they hold the lock.
    public void Dispose() => _file.Dispose();
}
