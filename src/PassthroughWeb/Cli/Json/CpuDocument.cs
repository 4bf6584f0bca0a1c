namespace PassthroughWeb.Cli.Json;

public sealed record CpuDocument
{
    /// <summary><c>intel</c>, <c>amd</c> or <c>other</c>.</summary>
    public required string Vendor { get; init; }
    public required string Model { get; init; }
    public required bool Virtualization { get; init; }
    public required bool Hypervisor { get; init; }
    public required int LogicalCpus { get; init; }
}
