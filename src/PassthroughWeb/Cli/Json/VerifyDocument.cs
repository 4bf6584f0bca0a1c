namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>verify --json</c>.</summary>
public sealed record VerifyDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }

    /// <summary><c>passed</c>, <c>failed</c>, <c>rebootNeeded</c> or <c>nothingToVerify</c>.</summary>
    public required string Outcome { get; init; }

    public required string? ChangeSetId { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<CheckDocument> Checks { get; init; }
}
