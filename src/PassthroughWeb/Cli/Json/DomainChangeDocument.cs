namespace PassthroughWeb.Cli.Json;

/// <summary>A libvirt domain a plan defines: the XML before (null for a new VM) and after, and their diff.</summary>
public sealed record DomainChangeDocument
{
    public required string Connection { get; init; }
    public required string Name { get; init; }
    public required string Reason { get; init; }
    public required bool Creates { get; init; }
    public required string? Before { get; init; }
    public required string After { get; init; }
    public required string Diff { get; init; }
    public required DiskVolumeDocument? NewVolume { get; init; }
}
