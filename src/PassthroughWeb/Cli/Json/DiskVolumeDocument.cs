namespace PassthroughWeb.Cli.Json;

/// <summary>The disk image a new VM's change set creates in a storage pool.</summary>
public sealed record DiskVolumeDocument
{
    public required string Pool { get; init; }
    public required string Name { get; init; }
    public required long CapacityBytes { get; init; }
    public required string Format { get; init; }
}
