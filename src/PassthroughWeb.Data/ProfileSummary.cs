namespace PassthroughWeb.Data;

/// <summary>A stored hardware profile without its report: what a list of profiles shows.</summary>
public sealed record ProfileSummary
{
    public required int Id { get; init; }
    public required string HostName { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    public required string CpuVendor { get; init; }
    public required bool IommuEnabled { get; init; }
    public required int GroupCount { get; init; }
    public required int DeviceCount { get; init; }
    public required int GpuCount { get; init; }
}
