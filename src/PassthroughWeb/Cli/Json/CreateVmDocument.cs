namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>create-vm --json</c>: the plan (without <c>--yes</c>) or what applying it did.</summary>
public sealed record CreateVmDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required string Connection { get; init; }
    public required string Name { get; init; }

    /// <summary>Without <c>--yes</c>: <c>planned</c> or <c>refused</c>; with it: <c>applied</c>, <c>failed</c>, <c>refused</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    public required bool Created { get; init; }
    public required string? ChangeSetId { get; init; }
    public required string? Summary { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<CreationFindingDocument> Findings { get; init; }
    public required NewVmDocument? Vm { get; init; }
    public required IReadOnlyList<DomainChangeDocument> Domains { get; init; }
    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }
}
