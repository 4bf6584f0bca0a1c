namespace PassthroughWeb.Cli.Json;

public sealed record RehearsalCheckDocument
{
    public required string Name { get; init; }
    public required bool Passed { get; init; }
    public required string Message { get; init; }
}
