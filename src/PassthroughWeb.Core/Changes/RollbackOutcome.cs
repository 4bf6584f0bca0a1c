namespace PassthroughWeb.Core.Changes;

public enum RollbackOutcome
{
    /// <summary>Every file is back and the commands ran again (or were skipped).</summary>
    RolledBack,

    /// <summary>
    /// The change set had already been rolled back (by another tab, another user, the CLI): nothing was touched and
    /// nothing needs to be; the files are as they were before the set.
    /// </summary>
    AlreadyRolledBack,

    /// <summary>Checks failed before anything was touched (the set is not applied, a file was edited since …).</summary>
    Refused,

    /// <summary>A file could not be restored, or the files are back but a command failed (see the error).</summary>
    Failed,

    /// <summary>Another change set, rollback or rehearsal held the host: nothing was touched (see the error for who and what).</summary>
    Busy,
}
