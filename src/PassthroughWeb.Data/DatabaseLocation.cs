using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PassthroughWeb.Data;

/// <summary>
/// Where the app's database is: the SQLite file of a data directory (the default), or a PostgreSQL database named by a
/// connection string. The data directory stays the process's own either way (backups, the event log, keys); only the
/// tables move. Everything that differs between the two servers is decided here or in <see cref="PassthroughDatabase"/>.
/// </summary>
public sealed record DatabaseLocation
{
    private DatabaseLocation(DatabaseProvider provider, string connectionString, string dataDirectory, string name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        Name = name;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The ADO.NET connection string (for PostgreSQL it may hold a password: never print it, print <see cref="Name"/>).</summary>
    public string ConnectionString { get; }

    /// <summary>The process's data directory, absolute.</summary>
    public string DataDirectory { get; }

    /// <summary>The database as messages name it: the SQLite file's path, or <c>'passthroughweb' on db:5432 (PostgreSQL)</c> (no password).</summary>
    public string Name { get; }

    /// <summary>The assembly that holds this provider's migrations (each provider has its own, under migrations/).</summary>
    public string MigrationsAssembly => Provider == DatabaseProvider.Sqlite ? PassthroughDatabase.MigrationsAssembly : PassthroughDatabase.PostgreSqlMigrationsAssembly;

    /// <summary>The SQLite database of <paramref name="dataDirectory"/>.</summary>
    public static DatabaseLocation Sqlite(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var path = PassthroughDatabase.PathIn(dataDirectory);
        return new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), Path.GetFullPath(dataDirectory), path);
    }

    /// <summary>
    /// The PostgreSQL database of <paramref name="connectionString"/> (<c>Host=db;Database=passthroughweb;Username=…</c>);
    /// throws <see cref="ArgumentException"/> with a message for the user when it is not a connection string.
    /// </summary>
    public static DatabaseLocation PostgreSql(string connectionString, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"Not a PostgreSQL connection string ({e.Message}). Write it as Host=HOST;Port=5432;Database=passthroughweb;Username=USER;Password=…", nameof(connectionString), e);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new ArgumentException("The PostgreSQL connection string names no server: add Host=HOST (and Database=, Username=).", nameof(connectionString));
        // Read after "The database …" in messages: the database, the server, and the kind.
        var name = $"'{builder.Database ?? builder.Username ?? "postgres"}' on {builder.Host}:{builder.Port} (PostgreSQL)";
        return new(DatabaseProvider.PostgreSql, builder.ConnectionString, Path.GetFullPath(dataDirectory), name);
    }

    /// <summary>PostgreSQL when <paramref name="postgreSqlConnection"/> is given, else the data directory's SQLite file.</summary>
    public static DatabaseLocation For(string dataDirectory, string? postgreSqlConnection) =>
        string.IsNullOrWhiteSpace(postgreSqlConnection) ? Sqlite(dataDirectory) : PostgreSql(postgreSqlConnection.Trim(), dataDirectory);

    /// <summary>A new, closed connection to the database, for the few plain queries that run without EF Core's model.</summary>
    public DbConnection CreateConnection() => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(ConnectionString)
        : new NpgsqlConnection(ConnectionString);

    /// <summary>The query that counts the tables named <c>@table</c> (the catalogs differ; everything else is plain SQL on both).</summary>
    internal string CountTablesNamed => Provider == DatabaseProvider.Sqlite
        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table"
        : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table";

    public override string ToString() => Name;
}
