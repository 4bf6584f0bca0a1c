using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Services.Locking;

/// <summary>
/// The one way an operation takes a host for itself: the host's change lock, and on the feed "busy" when taken and
/// "idle" when let go, so every browser and <c>watch</c> sees who holds the host.
/// </summary>
public sealed class HostChangeGate(HostChangeLock locks, IHostEventPublisher events)
{
    /// <summary>Takes <paramref name="host"/> for <paramref name="activity"/>; the passage says who holds it instead when it is taken.</summary>
    public async Task<HostChangePassage> EnterAsync(string host, ChangeActivity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var attempt = await locks.TryAcquireAsync(host, activity, ct);
        if (!attempt.Acquired) return new HostChangePassage(null, attempt.Busy, null);
        var holder = attempt.Lease.Holder;
        events.Publish(new HostBusy { Host = host, User = activity.User, ChangeSetId = activity.ChangeSetId, What = holder.Activity, By = activity.User, Since = holder.Since });
        return new HostChangePassage(attempt.Lease, null, () => events.Publish(new HostIdle { Host = host, User = activity.User }));
    }
}
