namespace PassthroughWeb.Cli.Json;

public sealed record HistoryEventDocument
{
    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string User { get; init; }
    public required string? ChangeSetId { get; init; }
    public required bool? Passed { get; init; }
    public required string Summary { get; init; }
}
