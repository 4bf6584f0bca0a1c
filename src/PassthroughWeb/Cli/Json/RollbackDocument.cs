namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>rollback --json</c>: how the rollback of a change set ended, and its commands as they ran.</summary>
public sealed record RollbackDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required string ChangeSetId { get; init; }

    /// <summary><c>rolledBack</c>, <c>alreadyRolledBack</c>, <c>refused</c>, <c>failed</c> or <c>busy</c>.</summary>
    public required string Outcome { get; init; }

    public required string Message { get; init; }

    /// <summary>For <c>alreadyRolledBack</c>: when the earlier rollback finished, if the journal knows; otherwise null.</summary>
    public required DateTimeOffset? RolledBackAt { get; init; }

    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }
}
