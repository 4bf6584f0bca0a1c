namespace PassthroughWeb.Core.Changes;

/// <summary>Where a change set stands. <see cref="InProgress"/> and <see cref="RollingBack"/> left behind at start-up mean a crash.</summary>
public enum ChangeSetState
{
    /// <summary>Journaled; files are being written or commands run.</summary>
    InProgress,

    /// <summary>Every file written and every command succeeded (or was skipped).</summary>
    Applied,

    /// <summary>A write or a command failed; the files were put back as they were.</summary>
    Failed,

    /// <summary>A rollback began and has not finished.</summary>
    RollingBack,

    /// <summary>The files are back as they were before the set, by the user's rollback.</summary>
    RolledBack,

    /// <summary>The apply was cut short (crash, power loss, kill) and undone at the next start.</summary>
    Interrupted,
}
