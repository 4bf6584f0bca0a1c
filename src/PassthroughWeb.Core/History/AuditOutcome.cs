namespace PassthroughWeb.Core.History;

/// <summary>
/// How an entry of the audit trail ended, in one vocabulary for change sets and events, so that one filter
/// ("failed") finds a failed apply and a failed verification alike.
/// </summary>
public enum AuditOutcome
{
    /// <summary>A change set whose files and commands all went through.</summary>
    Applied,

    /// <summary>A change set that failed, or an event that did not pass (a verification, a rehearsal, a check).</summary>
    Failed,

    /// <summary>A change set put back byte for byte.</summary>
    RolledBack,

    /// <summary>A change set cut off (a crash, a power cut) and found at the next start.</summary>
    Interrupted,

    /// <summary>A change set still being applied or rolled back.</summary>
    InProgress,

    /// <summary>An event that passed (a verification, a rehearsal, step 5 marked done).</summary>
    Passed,

    /// <summary>An event with no pass or fail (a VM shutdown request, a rehearsal that could not run).</summary>
    Recorded,
}
