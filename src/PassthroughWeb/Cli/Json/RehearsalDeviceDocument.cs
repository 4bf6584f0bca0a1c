namespace PassthroughWeb.Cli.Json;

/// <summary>A display device as the rehearsal guest saw it.</summary>
public sealed record RehearsalDeviceDocument
{
    public required string Address { get; init; }
    public required string Id { get; init; }
    public required string? Driver { get; init; }
    public required int? IommuGroup { get; init; }
    public required string? DriverOverride { get; init; }
}
