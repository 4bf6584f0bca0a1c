namespace PassthroughWeb.Data;

/// <summary>
/// One scan of a host, kept whole as JSON (<see cref="ReportJson"/>) so nothing is lost, with a few summary
/// columns beside it so lists can be shown without reading every report.
/// </summary>
public sealed class HardwareProfile
{
    public int Id { get; set; }
    public int HostId { get; set; }
    public ManagedHost? Host { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    /// <summary>The full <c>ScanReport</c>, written by <see cref="ScanReportJson"/>.</summary>
    public required string ReportJson { get; set; }

    /// <summary><c>intel</c>, <c>amd</c> or <c>other</c>, as in the JSON.</summary>
    public required string CpuVendor { get; set; }
    public bool IommuEnabled { get; set; }
    public int GroupCount { get; set; }
    public int DeviceCount { get; set; }
    public int GpuCount { get; set; }
}
