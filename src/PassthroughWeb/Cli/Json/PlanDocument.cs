namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>plan --json</c> (and inside <c>apply --json</c>): what would change, documented in docs/cli.md.</summary>
public sealed record PlanDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The card's address; null for step 2 planned without one.</summary>
    public required string? Gpu { get; init; }

    /// <summary><c>planned</c>, <c>manual</c>, <c>refused</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The plan's id: <c>apply --plan-id</c> (or the API's apply) changes the host only while it still gives this plan. Null when there is no plan.</summary>
    public string? PlanId { get; init; }

    public required bool NothingToDo { get; init; }
    public required string Summary { get; init; }
    public required string? Message { get; init; }
    public required bool NeedsReboot { get; init; }
    public required IReadOnlyList<PlannedFileDocument> Files { get; init; }
    public required IReadOnlyList<PlannedCommandDocument> Commands { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required IReadOnlyList<RefusalDocument> Refusals { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }
}
