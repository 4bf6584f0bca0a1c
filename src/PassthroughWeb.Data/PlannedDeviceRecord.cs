namespace PassthroughWeb.Data;

/// <summary>
/// One device an applied change set stands on (<c>Core.Drift.DeviceExpectation</c>): written when the set is applied,
/// replaced by the next applied set of the same step, removed when the set is rolled back.
/// </summary>
public sealed class PlannedDeviceRecord
{
    public int Id { get; set; }

    public required string HostName { get; set; }

    public Guid ChangeSetId { get; set; }

    /// <summary><c>isolate</c> or <c>vm</c>.</summary>
    public required string Step { get; set; }

    /// <summary><c>dddd:bb:ss.f</c>.</summary>
    public required string Address { get; set; }

    /// <summary><c>vvvv:dddd</c>.</summary>
    public required string VendorDevice { get; set; }

    public string? SubsystemId { get; set; }
    public int? IommuGroup { get; set; }

    /// <summary>A function given to the VM, not only a member of one of their groups.</summary>
    public bool IsPassed { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
