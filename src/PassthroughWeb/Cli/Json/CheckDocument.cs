namespace PassthroughWeb.Cli.Json;

public sealed record CheckDocument
{
    public required string Step { get; init; }
    public required string Subject { get; init; }
    public required bool Passed { get; init; }
    public required string Message { get; init; }
}
