using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>
/// The devices each host's applied change sets stand on, by step: what drift is measured against. The caller owns the
/// context. <see cref="ProfileWriter.ReadPlannedDevicesAsync"/> reads the same rows without EF Core for the CLI's <c>scan</c>.
/// </summary>
public sealed class PlannedDeviceStore(PassthroughDbContext db)
{
    /// <summary>Makes <paramref name="devices"/> what <paramref name="step"/> of the host stands on, replacing what an earlier set of that step planned.</summary>
    public async Task ReplaceAsync(string hostName, string step, Guid changeSetId, IReadOnlyList<DeviceExpectation> devices, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(devices);
        // One transaction: a reader never finds the step with nothing planned between the delete and the insert.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.PlannedDevices.Where(d => d.HostName == hostName && d.Step == step).ExecuteDeleteAsync(ct);
        db.PlannedDevices.AddRange(devices.Select(d => new PlannedDeviceRecord
        {
            HostName = hostName, ChangeSetId = changeSetId, Step = step, Address = d.Address.ToString(), VendorDevice = d.VendorDevice,
            SubsystemId = d.SubsystemId, IommuGroup = d.IommuGroup, IsPassed = d.IsPassed, Name = d.Name, RecordedAt = at,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Makes <paramref name="devices"/> all that the host's applied steps stand on: an agent's host, whose change sets are
    /// on that host and whose agent reports what they stand on (no change set here, so <see cref="Guid.Empty"/>).
    /// </summary>
    public async Task ReplaceAllAsync(string hostName, IReadOnlyList<DeviceExpectation> devices, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.PlannedDevices.Where(d => d.HostName == hostName).ExecuteDeleteAsync(ct);
        db.PlannedDevices.AddRange(devices.Select(d => new PlannedDeviceRecord
        {
            HostName = hostName, ChangeSetId = Guid.Empty, Step = d.Step, Address = d.Address.ToString(), VendorDevice = d.VendorDevice,
            SubsystemId = d.SubsystemId, IommuGroup = d.IommuGroup, IsPassed = d.IsPassed, Name = d.Name, RecordedAt = at,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Forgets what a rolled-back set planned; returns how many devices that was.</summary>
    public Task<int> ClearAsync(Guid changeSetId, CancellationToken ct) =>
        db.PlannedDevices.Where(d => d.ChangeSetId == changeSetId).ExecuteDeleteAsync(ct);

    /// <summary>What the host's applied steps stand on, by step and address.</summary>
    public async Task<IReadOnlyList<DeviceExpectation>> ListAsync(string hostName, CancellationToken ct)
    {
        var rows = await db.PlannedDevices.AsNoTracking().Where(d => d.HostName == hostName).ToListAsync(ct);
        return ToExpectations(rows);
    }

    /// <summary>Every host's, by host name: one query for a list of hosts.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DeviceExpectation>>> ListAllAsync(CancellationToken ct)
    {
        var rows = await db.PlannedDevices.AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(r => r.HostName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => ToExpectations([.. g]), StringComparer.Ordinal);
    }

    internal static IReadOnlyList<DeviceExpectation> ToExpectations(IEnumerable<PlannedDeviceRecord> rows) =>
    [
        .. rows.Select(r => new DeviceExpectation
        {
            Step = r.Step, Address = PciAddress.Parse(r.Address), VendorDevice = r.VendorDevice, SubsystemId = r.SubsystemId,
            IommuGroup = r.IommuGroup, IsPassed = r.IsPassed, Name = r.Name, ChangeSetId = r.ChangeSetId,
        }).OrderBy(e => e.Step, StringComparer.Ordinal).ThenBy(e => e.Address),
    ];
}
