namespace PassthroughWeb.Core.Changes;

/// <summary>
/// One file of a change set as journaled before the first write: where its backup is and the mode and owner
/// to put back, so the file can be restored byte for byte after a failure, a rollback or a crash.
/// </summary>
public sealed record ChangedFile
{
    /// <summary>The host path, as in the plan (<c>/etc/default/grub</c>).</summary>
    public required string Path { get; init; }

    /// <summary>False when the set creates the file: undoing it removes the file.</summary>
    public required bool Existed { get; init; }

    /// <summary>The byte copy of the original, on this machine (outside the host root); null for a created file.</summary>
    public string? BackupPath { get; init; }

    /// <summary>Permission bits of the original, or of the created file.</summary>
    public required UnixFileMode Mode { get; init; }

    /// <summary>Owner and group of the original; null for a created file (it belongs to whoever runs the app).</summary>
    public uint? OwnerId { get; init; }

    public uint? GroupId { get; init; }

    /// <summary>The original started with a UTF-8 byte order mark, which the written file keeps.</summary>
    public bool Utf8Bom { get; init; }

    /// <summary>Directories the set creates for a new file, parents first; removed again when empty.</summary>
    public IReadOnlyList<string> CreatedDirectories { get; init; } = [];

    /// <summary>The new content has been written (set after the rename, so a crash may leave it false on a written file).</summary>
    public bool Written { get; init; }
}
