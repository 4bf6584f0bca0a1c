namespace PassthroughWeb.Core.History;

/// <summary>Which of the two records of the history an entry is.</summary>
public enum AuditEntryKind
{
    /// <summary>An event (verification, rehearsal, rollback, recovery …), ordered after change sets of the same instant.</summary>
    Event = 0,

    /// <summary>A change set: a plan applied, with its files and commands.</summary>
    ChangeSet = 1,
}
