namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>rehearse --json</c>.</summary>
public sealed record RehearsalDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required string Gpu { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary><c>passed</c>, <c>failed</c>, <c>timed-out</c>, <c>crashed</c>, <c>image-failed</c> or <c>unavailable</c>.</summary>
    public required string Outcome { get; init; }

    public required string Summary { get; init; }
    public required string? KernelVersion { get; init; }
    public required string? InitramfsSystem { get; init; }
    public required string? Iommu { get; init; }
    public required string? CommandLine { get; init; }
    public required string? QemuCommand { get; init; }
    public required IReadOnlyList<RehearsalCheckDocument> Checks { get; init; }
    public required IReadOnlyList<RehearsalDeviceDocument> Devices { get; init; }
    public required double DurationSeconds { get; init; }
    public required string ConsoleLog { get; init; }
}
