namespace PassthroughWeb.Cli.Json;

/// <summary>One PCI function. IDs are lower-case 4-digit hex, the address is <c>dddd:bb:ss.f</c>.</summary>
public sealed record DeviceDocument
{
    public required string Address { get; init; }
    public required string VendorId { get; init; }
    public required string DeviceId { get; init; }
    public required string? SubsystemVendorId { get; init; }
    public required string? SubsystemDeviceId { get; init; }
    public required string ClassCode { get; init; }
    public required string? ProgIf { get; init; }
    public required string? Revision { get; init; }
    public required string Name { get; init; }
    public required string? VendorName { get; init; }
    public required string? DeviceName { get; init; }
    public required string? ClassName { get; init; }
    public required string? Driver { get; init; }
    public required int? IommuGroup { get; init; }
    public required bool? BootVga { get; init; }
    public required IReadOnlyList<string>? ResetMethods { get; init; }
    public required string? DriverOverride { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }
}
