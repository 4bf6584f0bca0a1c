namespace PassthroughWeb.Configuration;

/// <summary>
/// Small files of the data directory that only the app's user may read (0600 in directories of 0700), replaced whole:
/// a reader in another process (the CLI beside the web app) sees the old file or the new one, never half of one.
/// </summary>
internal static class PrivateDataFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string LinuxOnly = "The app runs on Linux hosts only.";

    /// <summary>The suffix of a file being written; a crash can leave one behind, and it is never read as data.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Creates <paramref name="directory"/> (0700), tightening one that exists: what it holds is the app's alone.</summary>
    public static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        File.SetUnixFileMode(directory, OwnerOnlyDirectory);
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> (0600), then renames it over.</summary>
    public static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(LinuxOnly);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            await using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            }))
            {
                await file.WriteAsync(content, ct).ConfigureAwait(false);
                // Renamed after the data is on disk: a power cut leaves the old file or the new one, not an empty one.
                await file.FlushAsync(ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or busy: a leftover is harmless and cleared by the next prune.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: nothing a caller could do about it.
        }
    }
}
