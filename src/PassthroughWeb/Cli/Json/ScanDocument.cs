namespace PassthroughWeb.Cli.Json;

/// <summary>
/// The JSON printed by <c>scan --json</c>: a stable contract documented in docs/cli.md. It is mapped from the
/// engine's <see cref="Core.Scanning.ScanReport"/> field by field, so the engine can change without breaking scripts.
/// Every field is always present; a value that is unknown is <c>null</c>.
/// </summary>
public sealed record ScanDocument
{
    /// <summary>Raised only when a field changes meaning or disappears; new fields do not raise it.</summary>
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }

    /// <summary>ISO 8601 with offset.</summary>
    public required DateTimeOffset ScannedAt { get; init; }

    public required CpuDocument Cpu { get; init; }
    public required IommuDocument Iommu { get; init; }
    public required string KernelCommandLine { get; init; }
    public required IReadOnlyList<DeviceDocument> Devices { get; init; }
    public required IReadOnlyList<IommuGroupDocument> Groups { get; init; }
    public required IReadOnlyList<GpuDocument> Gpus { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// How this profile differs from the devices the host's applied change sets stand on; empty when it does not, when
    /// nothing is applied, or when the scan is not compared (<c>--no-save</c>).
    /// </summary>
    public required IReadOnlyList<DriftDocument> Drift { get; init; }

    /// <summary>For a host imported from a listing: its format and what it cannot know; null for a scanned host.</summary>
    public required ImportDocument? Import { get; init; }
}
