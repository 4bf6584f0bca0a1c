namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>plan --steps vm --json</c> (and inside <c>apply --steps vm --json</c>), documented in docs/cli.md.</summary>
public sealed record VmPlanDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }
    public required string Connection { get; init; }
    public required string Vm { get; init; }
    public required string Gpu { get; init; }

    /// <summary><c>planned</c>, <c>refused</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The plan's id (see the plan document); null when there is no plan.</summary>
    public string? PlanId { get; init; }

    public required bool NothingToDo { get; init; }
    public required string? Message { get; init; }
    public required IReadOnlyList<string> CardFunctions { get; init; }
    public required IReadOnlyList<VmFindingDocument> Findings { get; init; }
    public required IReadOnlyList<DomainChangeDocument> Domains { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The VM runs: <see cref="ShutdownCommand"/> asks it to shut down cleanly before planning again.</summary>
    public required bool CanOfferShutdown { get; init; }

    public required string? ShutdownCommand { get; init; }
}
