namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>vms --json</c>.</summary>
public sealed record VmListDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required string Connection { get; init; }
    public required IReadOnlyList<VmDocument> Vms { get; init; }
}
