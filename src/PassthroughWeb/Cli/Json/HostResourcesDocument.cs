namespace PassthroughWeb.Cli.Json;

/// <summary>The CPUs and memory of a host as a new VM's size is measured against them (an agent answers it for its hub's new-VM form).</summary>
public sealed record HostResourcesDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required int LogicalCpus { get; init; }
    public required int ThreadsPerCore { get; init; }

    /// <summary>MemTotal in bytes; null when <c>proc/meminfo</c> could not be read.</summary>
    public required long? MemoryBytes { get; init; }
}
