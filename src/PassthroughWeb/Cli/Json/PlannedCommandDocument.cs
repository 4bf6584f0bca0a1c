namespace PassthroughWeb.Cli.Json;

public sealed record PlannedCommandDocument
{
    public required string Command { get; init; }
    public required string Program { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required string Reason { get; init; }

    /// <summary>The root is not <c>/</c>: the command is recorded as skipped rather than run.</summary>
    public required bool Skipped { get; init; }
}
