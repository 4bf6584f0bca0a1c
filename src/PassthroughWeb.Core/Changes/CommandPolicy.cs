namespace PassthroughWeb.Core.Changes;

/// <summary>When a change set's commands run. The caller chooses; the default protects a machine from commands meant for a copy.</summary>
public enum CommandPolicy
{
    /// <summary>Run only when the host root is <c>/</c>; against a copy of a host every command is recorded as skipped.</summary>
    SystemRootOnly,

    /// <summary>Run even against another root (tests, and a chroot-aware runner).</summary>
    Always,

    /// <summary>Record every command as skipped.</summary>
    Never,
}
