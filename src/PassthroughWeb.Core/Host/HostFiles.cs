using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Testing;
namespace PassthroughWeb.Core.Host;

/// <summary>
/// The change engine's file operations, on paths already resolved through <see cref="Host.HostRoot"/>: reading
/// what is there, byte-copy backups, and the atomic replace (temporary file in the same directory, fsync, owner and
/// mode of the original, rename, fsync of the directory) that leaves either the old or the new file after a crash.
/// </summary>
internal static class HostFiles
{
    public const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const string LinuxOnly = "Host files are edited on Linux only.";
    private const UnixFileMode DirectoryMode = DefaultMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The bytes of a regular file, or null when nothing is there.</summary>
    public static byte[]? TryRead(string machinePath) => File.Exists(machinePath) ? File.ReadAllBytes(machinePath) : null;

    public static bool IsDirectory(string machinePath) => Directory.Exists(machinePath);

    public static UnixFileMode ModeOf(string machinePath)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        return File.GetUnixFileMode(machinePath);
    }

    public static (uint Uid, uint Gid)? OwnerOf(string machinePath) => LibC.Owner(machinePath);

    /// <summary>
    /// The nearest ancestor of <paramref name="machinePath"/> that exists, and the missing directories below it
    /// (parents first). Null when that ancestor is not a directory: nothing can be created under a regular file.
    /// </summary>
    public static (string Existing, IReadOnlyList<string> Missing)? ExistingAncestor(string machinePath)
    {
        var missing = new List<string>();
        var current = Path.GetDirectoryName(machinePath);
        while (current is not null && !Directory.Exists(current))
        {
            if (File.Exists(current) || new FileInfo(current).LinkTarget is not null) return null;
            missing.Insert(0, current);
            current = Path.GetDirectoryName(current);
        }
        return current is null ? null : (current, missing);
    }

    public static bool CanWriteIn(string directory, out int errno) => LibC.CanWrite(directory, out errno);

    /// <summary>Copies the file byte for byte and makes the copy durable before anything is written over the original.</summary>
    /// <summary>
    /// Copies a file into the backup directory, readable by the app only (0600) whatever the original's mode: the
    /// copy of a 0644 /etc file is no business of other users either, and a 0600 original (a secret) stays one.
    /// </summary>
    public static void Backup(string machinePath, string backupPath)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        using (var source = new FileStream(machinePath, FileMode.Open, FileAccess.Read))
        using (var copy = new FileStream(backupPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            source.CopyTo(copy);
            copy.Flush(flushToDisk: true);
        }
    }

    /// <summary>Writes a new file on this machine (outside any host root) readable only by the app, durably.</summary>
    public static void WritePrivate(string machinePath, string text)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        using var file = new FileStream(machinePath, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(System.Text.Encoding.UTF8.GetBytes(text));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Creates a change set's backup directory and the backups directory holding it, both 0700.</summary>
    public static void CreateBackupDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(directory, ownerOnly);
        File.SetUnixFileMode(Path.GetDirectoryName(Path.GetFullPath(directory))!, ownerOnly);
        File.SetUnixFileMode(directory, ownerOnly);
    }

    public static void SyncDirectory(string directory) => LibC.SyncDirectory(directory);

    public static void CreateDirectories(IReadOnlyList<string> machinePaths)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        foreach (var directory in machinePaths)
        {
            if (Directory.Exists(directory)) continue;
            Directory.CreateDirectory(directory, DirectoryMode);
            // mkdir applies the process umask (the systemd unit sets 0077): a directory in /etc is 0755 whatever it is.
            File.SetUnixFileMode(directory, DirectoryMode);
            LibC.SyncDirectory(Path.GetDirectoryName(directory)!);
        }
    }

    /// <summary>Removes directories a change created, deepest first, as long as they are empty.</summary>
    public static void RemoveEmptyDirectories(IReadOnlyList<string> machinePaths)
    {
        foreach (var directory in machinePaths.Reverse())
        {
            if (!Directory.Exists(directory) || Directory.EnumerateFileSystemEntries(directory).Any()) return;
            Directory.Delete(directory);
            LibC.SyncDirectory(Path.GetDirectoryName(directory)!);
        }
    }

    /// <summary>The name of the temporary file a change set writes next to a target (known, so a crash's leftovers can be removed).</summary>
    public static string TemporaryPathFor(string machinePath, Guid changeSetId) =>
        Path.Combine(Path.GetDirectoryName(machinePath)!, $".{Path.GetFileName(machinePath)}.passthroughweb-{changeSetId:N}.tmp");

    /// <summary>
    /// Replaces (or creates) the file atomically. Linux keeps the owner of the file that is renamed into place, so the
    /// temporary file gets the original's owner (fchown; .NET has no API for owners) and then its mode, before the
    /// rename. Writing through a symlink is never asked of this: paths arrive resolved.
    /// </summary>
    public static void ReplaceAtomically(string machinePath, byte[] content, UnixFileMode mode, (uint Uid, uint Gid)? owner, Guid changeSetId)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        var directory = Path.GetDirectoryName(machinePath)!;
        var temporary = TemporaryPathFor(machinePath, changeSetId);
        File.Delete(temporary);
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
                if (owner is { } o) LibC.SetOwner(stream.SafeFileHandle, o.Uid, o.Gid, machinePath);
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Flush(flushToDisk: true);
            }
            CrashPoints.Reach(CrashPoints.TemporaryWritten);
            File.Move(temporary, machinePath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        LibC.SyncDirectory(directory);
    }

    public static void Delete(string machinePath)
    {
        if (!File.Exists(machinePath)) return;
        File.Delete(machinePath);
        LibC.SyncDirectory(Path.GetDirectoryName(machinePath)!);
    }

    public static void TryDelete(string machinePath)
    {
        try
        {
            File.Delete(machinePath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
