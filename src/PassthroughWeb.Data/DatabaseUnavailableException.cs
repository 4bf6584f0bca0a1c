namespace PassthroughWeb.Data;

/// <summary>
/// The app's database cannot be used, for a reason the user can act on: <see cref="Exception.Message"/> names the
/// file (or the PostgreSQL database and server), the reason and what to do, ready for stderr or the log.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(string databasePath, string reason, string advice, Exception? inner = null)
        : base($"The database {databasePath} cannot be used: {reason}. {advice}", inner)
    {
        DatabasePath = databasePath;
        Reason = reason;
        Advice = advice;
    }

    /// <summary>The SQLite file's path, or the PostgreSQL database as <see cref="DatabaseLocation.Name"/> names it.</summary>
    public string DatabasePath { get; }

    public string Reason { get; }

    public string Advice { get; }
}
