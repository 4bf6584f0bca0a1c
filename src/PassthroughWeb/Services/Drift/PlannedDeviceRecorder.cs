using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Drift;

/// <summary>
/// Keeps what applied change sets stand on: after an apply, the functions the step gives to the VM and what shares
/// their IOMMU groups, as a scan of the host shows them then; after a rollback, nothing of that set. The operations that
/// call it have checked the actor's role.
/// </summary>
public sealed class PlannedDeviceRecorder(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time, ILogger<PlannedDeviceRecorder> logger)
{
    /// <summary>Records the devices <paramref name="step"/> of the applied set <paramref name="changeSetId"/> stands on; nothing when it passes none.</summary>
    public async Task RecordAsync(StepHost host, string step, Guid changeSetId, IReadOnlyCollection<PciAddress> passed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(passed);
        if (passed.Count == 0) return;
        // The scan the plan was made from is a moment old; the hardware cannot have changed in between without a reboot.
        var scan = await Task.Run(() => new HostScanner(time).Scan(new HostRoot(host.Root), host.Name), ct);
        var devices = DeviceExpectations.Of(step, passed, scan, changeSetId);
        await using var db = await databases.CreateDbContextAsync(ct);
        await new PlannedDeviceStore(db).ReplaceAsync(host.Name, step, changeSetId, devices, time.GetUtcNow(), ct);
        logger.LogInformation("Change set {ChangeSetId} of {Host} (step {Step}) stands on {Count} devices: {Addresses}", changeSetId, host.Name, step, devices.Count, string.Join(", ", devices.Select(d => d.Address)));
    }

    /// <summary>Forgets what a rolled-back set stood on.</summary>
    public async Task ClearAsync(Guid changeSetId, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await new PlannedDeviceStore(db).ClearAsync(changeSetId, ct);
    }
}
