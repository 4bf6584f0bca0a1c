namespace PassthroughWeb.Cli.Json;

public sealed record PlannedFileDocument
{
    public required string Path { get; init; }
    public required string Reason { get; init; }

    /// <summary>Null when the plan creates the file.</summary>
    public required string? Before { get; init; }

    public required string After { get; init; }
    public required string Diff { get; init; }
}
