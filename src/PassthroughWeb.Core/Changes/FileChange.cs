namespace PassthroughWeb.Core.Changes;

/// <summary>
/// One file a plan writes: its host path, its whole content before (null when the plan creates it) and after.
/// Keeping both contents makes the preview, the apply check ("the file is still what was planned against") and
/// the byte-for-byte rollback one and the same data.
/// </summary>
public sealed record FileChange
{
    /// <summary>The host path, absolute from the host root (<c>/etc/default/grub</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The content the plan was made against; null when the file does not exist yet.</summary>
    public required string? Before { get; init; }

    public required string After { get; init; }

    /// <summary>Permission bits for a file the plan creates (an existing file keeps its own mode and owner).</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>Why this file changes, in a sentence the preview shows above the diff.</summary>
    public required string Reason { get; init; }

    public bool Creates => Before is null;
    public bool IsNoOp => Before == After;
}
