namespace PassthroughWeb.Cli.Json;

/// <summary>The choices a new VM is written from, resolved against the host and the daemon.</summary>
public sealed record NewVmDocument
{
    public required string Name { get; init; }

    /// <summary><c>10</c> or <c>11</c>.</summary>
    public required string Windows { get; init; }

    public required string DomainType { get; init; }
    public required int Vcpus { get; init; }
    public required long MemoryBytes { get; init; }
    public required string DiskPath { get; init; }
    public required string DiskBus { get; init; }
    public required string Firmware { get; init; }
    public required bool Tpm { get; init; }
    public required string InstallIso { get; init; }
    public required string? VirtioWinIso { get; init; }
    public required string Network { get; init; }
    public required string NetworkModel { get; init; }
    public required IReadOnlyList<string> GpuFunctions { get; init; }
    public required bool HideHypervisor { get; init; }
}
