namespace PassthroughWeb.Core.Testing;

/// <summary>
/// Named moments of a change where the crash test kills the real process (SIGKILL) to prove that nothing is lost
/// whenever the machine stops. Set <c>PASSTHROUGHWEB_CRASH_POINT=NAME</c> (or <c>NAME:N</c> for the N-th time the point
/// is reached) before the process starts: when that moment comes, the process writes <c>crash point NAME reached</c> to
/// stderr and stops there for good, so the test kills it at exactly that moment. The variable is read once; without it
/// (as on every real machine) <see cref="Reach"/> returns at once and nothing else of this type runs.
/// </summary>
public static class CrashPoints
{
    public const string EnvironmentVariable = "PASSTHROUGHWEB_CRASH_POINT";

    /// <summary>The database has migrations pending and its OS migration lock is held; none is applied yet.</summary>
    public const string MigrationStarting = "migration.before";

    /// <summary>
    /// Inside EF Core's Migrate (a database made by an older version; a new one is made from the SQL script instead),
    /// after every migration ran, while EF Core's lock row (<c>__EFMigrationsLock</c>) is held.
    /// </summary>
    public const string MigrationLocked = "migration.locked";

    /// <summary>Every migration is applied (EF Core's lock row released); the OS lock is still held.</summary>
    public const string MigrationDone = "migration.after";

    /// <summary>Every backup of the set is made and synced; the journal does not know the set yet.</summary>
    public const string BackedUp = "apply.backed-up";

    /// <summary>The set is journaled as in progress; no file of the host is written yet.</summary>
    public const string Journaled = "apply.journaled";

    /// <summary>A file's new content is in its temporary file next to it, not yet renamed over it.</summary>
    public const string TemporaryWritten = "file.temporary-written";

    /// <summary>A file holds its new content; the journal does not record it as written yet.</summary>
    public const string FileWritten = "apply.file-written";

    /// <summary>A file is written and journaled as written.</summary>
    public const string FileJournaled = "apply.file-journaled";

    /// <summary>A command (run or recorded as skipped) is about to start.</summary>
    public const string CommandStarting = "command.before";

    /// <summary>A command ended; the journal does not record it yet.</summary>
    public const string CommandEnded = "command.after";

    /// <summary>A domain's new definition is about to be sent to libvirt (<c>virsh define</c>).</summary>
    public const string DomainDefining = "vm.define.before";

    /// <summary>libvirt holds the domain's new definition; it is not read back yet.</summary>
    public const string DomainDefined = "vm.define.after";

    /// <summary>Every step of the set is done; it is not yet marked applied.</summary>
    public const string Completing = "apply.completing";

    /// <summary>The set is marked applied; what the verification needs is not yet recorded in the history.</summary>
    public const string HistoryRecording = "history.recording";

    /// <summary>The set is journaled as rolling back; no file is put back yet.</summary>
    public const string RollbackBegun = "rollback.begun";

    /// <summary>A file is put back from its backup during a rollback.</summary>
    public const string FileRestored = "rollback.file-restored";

    /// <summary>Every file is put back and the commands ran again; the set is not yet marked rolled back.</summary>
    public const string RollbackCompleting = "rollback.completing";

    /// <summary>Every point there is, for the test that goes through them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MigrationStarting, MigrationLocked, MigrationDone, BackedUp, Journaled, TemporaryWritten, FileWritten, FileJournaled,
        CommandStarting, CommandEnded, DomainDefining, DomainDefined, Completing, HistoryRecording, RollbackBegun, FileRestored,
        RollbackCompleting,
    ];

    private static readonly CrashPoint? Armed = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
    private static int _reached;

    /// <summary>Whether a point is armed in this process (the variable was set); false on every real machine.</summary>
    public static bool IsArmed => Armed is not null;

    /// <summary>Passes the point <paramref name="name"/>: returns at once, unless it is the armed point reached for the armed time.</summary>
    public static void Reach(string name)
    {
        if (Armed is not { } armed || !string.Equals(name, armed.Name, StringComparison.Ordinal)) return;
        if (Interlocked.Increment(ref _reached) != armed.Occurrence) return;
        Console.Error.WriteLine($"crash point {name} reached");
        Console.Error.Flush();
        // The test kills the process here; the thread never goes on, whatever other threads do.
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>
    /// Reads <c>NAME</c> or <c>NAME:N</c> (N ≥ 1, the N-th time the point is reached). A value naming no point, or with a
    /// bad count, is refused with an exception: a crash test that silently crashed nowhere would prove nothing.
    /// </summary>
    internal static CrashPoint? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Trim().Split(':');
        var occurrence = 1;
        if (parts.Length > 2 || !All.Contains(parts[0], StringComparer.Ordinal)
            || (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out occurrence) || occurrence < 1)))
            throw new ArgumentException($"{EnvironmentVariable}='{value}' is not NAME or NAME:N (N from 1) with NAME one of: {string.Join(", ", All)}.");
        return new CrashPoint(parts[0], occurrence);
    }

    internal sealed record CrashPoint(string Name, int Occurrence);
}
