namespace PassthroughWeb.Cli.Json;

public sealed record IommuGroupDocument
{
    public required int Number { get; init; }
    public required IReadOnlyList<string> Devices { get; init; }
}
