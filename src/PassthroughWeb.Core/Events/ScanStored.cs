namespace PassthroughWeb.Core.Events;

/// <summary>A scan of the host was stored as its profile.</summary>
public sealed record ScanStored : HostEvent
{
    public required int DeviceCount { get; init; }
    public required int GpuCount { get; init; }

    /// <summary>Where the scan came from: <c>local</c>, <c>agent</c>, <c>demo</c>, an imported file …</summary>
    public required string Source { get; init; }
}
