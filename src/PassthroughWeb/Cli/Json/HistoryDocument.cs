namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>history --json</c>: a host's change sets and events, newest first.</summary>
public sealed record HistoryDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required IReadOnlyList<ChangeSetDocument> ChangeSets { get; init; }
    public required IReadOnlyList<HistoryEventDocument> Events { get; init; }
}
