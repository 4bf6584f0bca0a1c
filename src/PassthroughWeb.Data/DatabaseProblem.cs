using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PassthroughWeb.Data;

/// <summary>
/// What a database error means for someone running the app, and what they can do about it: SQLite's error codes for
/// a data directory's file, PostgreSQL's SQLSTATEs and connection failures for a server. The one place that knows the
/// providers' exceptions; the doors catch <see cref="DbException"/>, the base of both.
/// </summary>
public static class DatabaseProblem
{
    /// <summary>The error of <paramref name="database"/> in words (the provider's own message stays the inner exception).</summary>
    public static DatabaseUnavailableException Explain(DatabaseLocation database, DbException e)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            SqliteException sqlite => Explain(database.Name, sqlite),
            PostgresException postgres => ExplainPostgreSql(database, postgres),
            _ => new DatabaseUnavailableException(database.Name,
                $"the server cannot be reached ({e.Message})",
                "Check that PostgreSQL runs and listens on that host and port (pg_hba.conf lets this machine in), and that the connection string (--database or PASSTHROUGHWEB_DATABASE) names them.", e),
        };
    }

    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    private static DatabaseUnavailableException ExplainPostgreSql(DatabaseLocation database, PostgresException e)
    {
        var (reason, advice) = e.SqlState switch
        {
            "28P01" or "28000" => ("the server refused the user name or password", "Check Username= and Password= in the connection string (or the password file ~/.pgpass)."),
            "3D000" => ("the database does not exist", "Create it once (`createdb -O USER passthroughweb` as the postgres user); the app creates its tables itself."),
            "42501" => ("the user may not create or change its tables", "Make the user the database's owner (`ALTER DATABASE passthroughweb OWNER TO USER`)."),
            "53300" => ("the server has no connection left", "Raise max_connections, or lower Maximum Pool Size in the connection string of each hub instance."),
            "55P03" => ("another connection holds its tables (a hub still running on this database?)", "Stop every hub instance that uses it, then run the command again."),
            "57P03" => ("the server is starting up or shutting down", "Wait for it, then start again."),
            _ => ("PostgreSQL said: " + e.MessageText + " (" + e.SqlState + ")", "Check the server's log."),
        };
        return new DatabaseUnavailableException(database.Name, reason, advice, e);
    }

    // https://www.sqlite.org/rescode.html (primary result codes).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>What SQLite's error means for the file <paramref name="databasePath"/>.</summary>
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
