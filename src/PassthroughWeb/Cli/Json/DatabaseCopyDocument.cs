using PassthroughWeb.Data.Copying;

namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>database copy --json</c> when the copy is done.</summary>
public sealed record DatabaseCopyDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    /// <summary>The SQLite file copied.</summary>
    public required string From { get; init; }

    /// <summary>The PostgreSQL database written, as messages name it (never the password).</summary>
    public required string To { get; init; }

    /// <summary>Every table of the model, in the order written, with its rows (0 for an empty one).</summary>
    public required IReadOnlyList<DatabaseCopyTableDocument> Tables { get; init; }

    public required long TotalRows { get; init; }

    public static DatabaseCopyDocument Map(Data.DatabaseLocation from, Data.DatabaseLocation to, DatabaseCopyResult result)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            SchemaVersion = CurrentSchemaVersion,
            From = from.Name,
            To = to.Name,
            Tables = [.. result.Tables.Select(t => new DatabaseCopyTableDocument { Table = t.Table, Rows = t.Rows })],
            TotalRows = result.Tables.Sum(t => t.Rows),
        };
    }
}

/// <summary>One table of <see cref="DatabaseCopyDocument"/>.</summary>
public sealed record DatabaseCopyTableDocument
{
    public required string Table { get; init; }
    public required long Rows { get; init; }
}
