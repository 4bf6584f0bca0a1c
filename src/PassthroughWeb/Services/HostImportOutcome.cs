namespace PassthroughWeb.Services;

/// <summary>How an import ended; each door maps it once (exit code, HTTP status, message).</summary>
public enum HostImportOutcome
{
    /// <summary>Stored as a new profile of the imported host.</summary>
    Imported,

    /// <summary>The text is not a listing the app can read (empty, binary, too long, no device line) or the name is bad: nothing stored.</summary>
    Invalid,

    /// <summary>The name belongs to a host this app scans or an agent reports: nothing stored.</summary>
    NameTaken,

    /// <summary>The actor's role does not allow importing: nothing stored.</summary>
    NotAllowed,
}
