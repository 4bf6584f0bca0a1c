namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>apply --json</c>: the change set's id, how it ended, the commands as they ran, and the plan.</summary>
public sealed record ApplyDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    /// <summary><c>applied</c>, <c>failed</c>, <c>refused</c>, <c>nothingToDo</c>, <c>manual</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    public required string? ChangeSetId { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }
    public required PlanDocument Plan { get; init; }
}
