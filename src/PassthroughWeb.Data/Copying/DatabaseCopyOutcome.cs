namespace PassthroughWeb.Data.Copying;

/// <summary>How a copy of a hub's SQLite database into PostgreSQL ended (<see cref="DatabaseCopy"/>).</summary>
public enum DatabaseCopyOutcome
{
    /// <summary>Every table was copied in one transaction; the target now holds the hub's data.</summary>
    Copied,

    /// <summary>The data directory holds no database file: there is nothing to copy.</summary>
    NoSource,

    /// <summary>The source lacks migrations of this build (written by an older version): migrate it first.</summary>
    SourceBehind,

    /// <summary>The source has migrations this build does not know (written by a newer version): copy with that one.</summary>
    SourceAhead,

    /// <summary>The target has migrations this build does not know: it belongs to a newer version.</summary>
    TargetAhead,

    /// <summary>The target already holds rows: copying into it would mix two hubs' data.</summary>
    TargetNotEmpty,
}
