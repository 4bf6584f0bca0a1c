namespace PassthroughWeb.Services;

public enum StepApplyOutcome
{
    /// <summary>Every file written, every command run (or skipped on a copy of a host); reboot to take effect.</summary>
    Applied,

    /// <summary>A write or command failed; every file is back as it was and the history says failed.</summary>
    Failed,

    /// <summary>An interlock refused the plan, or a check before the first write failed; nothing was touched.</summary>
    Refused,

    /// <summary>Everything is already in place.</summary>
    NothingToDo,

    /// <summary>The app cannot make this change on this host: the message says what to do by hand.</summary>
    Manual,

    /// <summary>Bad input or an unreadable host.</summary>
    Error,

    /// <summary>The actor's role does not allow applying (a Viewer); nothing was planned or touched.</summary>
    NotAllowed,

    /// <summary>The host no longer gives the plan the user was shown (its id differs): nothing was touched; the message names what changed.</summary>
    Stale,

    /// <summary>Another change set, rollback or rehearsal holds the host: nothing was touched; the message names who and what.</summary>
    Busy,
}
