using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>A stored hardware profile read back whole.</summary>
public sealed record StoredProfile
{
    public required int Id { get; init; }
    public required string HostName { get; init; }
    public required bool HostIsDemo { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    public required ScanReport Report { get; init; }
}
