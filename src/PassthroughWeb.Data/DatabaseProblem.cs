using Microsoft.Data.Sqlite;

namespace PassthroughWeb.Data;

/// <summary>What SQLite's error codes mean for someone looking at a data directory, and what they can do about it.</summary>
public static class DatabaseProblem
{
    // https://www.sqlite.org/rescode.html (primary result codes).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public static DatabaseUnavailableException Explain(string databasePath, SqliteException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var aside = $"Move it aside (`mv {databasePath} {databasePath}.damaged`) to start again with an empty history and no users, or restore it from a backup.";
        var (reason, advice) = e.SqliteErrorCode switch
        {
            NotADatabase => ("it is not a SQLite database (damaged, or another file under that name)", aside),
            Corrupt => ("it is damaged (SQLite: " + e.Message + ")", "Try `sqlite3 " + databasePath + " .recover` into a new file, or: " + aside),
            ReadOnly => ("it or its directory is read-only", "Make the data directory writable for the user the app runs as (root), or give another directory with --data DIR."),
            CantOpen => ("it cannot be opened or created (" + e.Message + ")", "Check that the data directory exists, is a directory and is writable, or give another with --data DIR."),
            Full => ("the file system is full", "Free space on the file system that holds the data directory, then run again."),
            Busy or Locked => ("another process holds it locked", "Another PassthroughWeb, or a `sqlite3` shell, has it open in a transaction: let it finish or close it, then run again."),
            IoError => ("reading or writing it failed (" + e.Message + ")", "Check the disk and the file system that hold the data directory (dmesg shows I/O errors)."),
            _ => ("SQLite said: " + e.Message, "Check the data directory, or give another with --data DIR."),
        };
        return new DatabaseUnavailableException(databasePath, reason, advice, e);
    }
}
