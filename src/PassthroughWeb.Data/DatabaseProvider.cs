namespace PassthroughWeb.Data;

/// <summary>Which database server holds the app's data.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file in the data directory, for one hub process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by several hub instances (docs/scaling.md).</summary>
    PostgreSql,
}
