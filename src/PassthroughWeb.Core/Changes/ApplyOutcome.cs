namespace PassthroughWeb.Core.Changes;

public enum ApplyOutcome
{
    /// <summary>Every file written and every command succeeded or was skipped.</summary>
    Applied,

    /// <summary>A write or a command failed; every file is back as it was (see the error).</summary>
    Failed,

    /// <summary>The checks failed before anything was touched; no change set was recorded.</summary>
    Refused,

    /// <summary>The plan changes nothing.</summary>
    NothingToDo,
}
