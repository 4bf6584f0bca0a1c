namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>apply --steps vm --json</c>: the change set, how it ended, every virsh call, and the plan.</summary>
public sealed record VmApplyDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    /// <summary><c>applied</c>, <c>failed</c>, <c>refused</c>, <c>nothingToDo</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    public required string? ChangeSetId { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }

    /// <summary>Null when the plan could not be made at all.</summary>
    public required VmPlanDocument? Plan { get; init; }
}
