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
    /// <summary>The kind of the history event an accepted drift leaves.</summary>
    public const string AcceptedEvent = "drift-accepted";

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

    /// <summary>
    /// Takes the host's newest profile as what its applied steps stand on from now (<see cref="DeviceExpectations.Accept"/>),
    /// recorded in its history: for a drift that needs no new change set (step 3's plan has nothing to write for the new
    /// layout). Needs the Operator role.
    /// </summary>
    public async Task<DriftAcceptance> AcceptAsync(string hostName, Core.Access.Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Core.Access.Role.Operator, "accept changed hardware") is { } denied) return DriftAcceptance.Of(DriftAcceptanceOutcome.NotAllowed, denied.Message);
        await using var db = await databases.CreateDbContextAsync(ct);
        var store = new PlannedDeviceStore(db);
        if (await new ProfileStore(db).GetLatestAsync(hostName, ct) is not { } latest)
            return DriftAcceptance.Of(DriftAcceptanceOutcome.UnknownHost, $"There is no host named '{hostName}'.");
        var planned = await store.ListAsync(hostName, ct);
        var drift = DriftDetector.Detect(planned, latest.Report);
        if (drift.IsEmpty)
            return DriftAcceptance.Of(DriftAcceptanceOutcome.NothingToAccept, planned.Count == 0
                ? $"Nothing to accept: no applied step of {hostName} stands on a device yet."
                : $"Nothing to accept: {hostName}'s hardware matches what its applied steps stand on.");
        var accepted = DeviceExpectations.Accept(planned, drift, latest.Report);
        foreach (var step in planned.GroupBy(e => e.Step))
            await store.ReplaceAsync(hostName, step.Key, step.First().ChangeSetId ?? Guid.Empty, [.. accepted.Where(e => e.Step == step.Key)], time.GetUtcNow(), ct);
        var summary = $"Accepted the hardware of profile #{latest.Id} as what the applied steps stand on: " + string.Join(" ", drift.Differences.Select(d => d.Difference));
        await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord { HostName = hostName, Kind = AcceptedEvent, At = time.GetUtcNow(), User = actor.Name, Summary = summary }, ct);
        logger.LogInformation("{User} ({Method}) accepted the changed hardware of {Host}: {Summary}", actor.Name, actor.Method, hostName, summary);
        return DriftAcceptance.Of(DriftAcceptanceOutcome.Accepted, summary);
    }
}
