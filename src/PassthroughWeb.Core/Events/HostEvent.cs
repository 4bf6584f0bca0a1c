using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Events;

/// <summary>
/// Something that happened on a host, as the live feed carries it to pages, the hub, <c>watch</c> and other processes.
/// Each kind serializes with a <c>type</c> field (its kebab-case name) and camelCase properties; see <see cref="HostEventJson"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScanStored), "scan-stored")]
[JsonDerivedType(typeof(PlanReady), "plan-ready")]
[JsonDerivedType(typeof(ChangeSetStarted), "change-set-started")]
[JsonDerivedType(typeof(FileWritten), "file-written")]
[JsonDerivedType(typeof(CommandOutput), "command-output")]
[JsonDerivedType(typeof(CommandFinished), "command-finished")]
[JsonDerivedType(typeof(ChangeSetApplied), "change-set-applied")]
[JsonDerivedType(typeof(ChangeSetFailed), "change-set-failed")]
[JsonDerivedType(typeof(ChangeSetRolledBack), "change-set-rolled-back")]
[JsonDerivedType(typeof(RehearsalProgress), "rehearsal-progress")]
[JsonDerivedType(typeof(VerificationResult), "verification-result")]
[JsonDerivedType(typeof(RebootPending), "reboot-pending")]
[JsonDerivedType(typeof(DriftDetected), "drift-detected")]
[JsonDerivedType(typeof(HostBusy), "host-busy")]
[JsonDerivedType(typeof(HostIdle), "host-idle")]
[JsonDerivedType(typeof(HostOnline), "host-online")]
[JsonDerivedType(typeof(HostOffline), "host-offline")]
[JsonDerivedType(typeof(EventsMissed), "events-missed")]
[JsonDerivedType(typeof(RolloutProgress), "rollout-progress")]
public abstract record HostEvent
{
    /// <summary>The host's name, as the app knows it (<c>workstation</c>).</summary>
    public required string Host { get; init; }

    /// <summary>When it happened. Left at its default, the feed stamps it with its <see cref="TimeProvider"/> on publish.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who made it happen, when someone did.</summary>
    public string? User { get; init; }

    /// <summary>The change set it belongs to, when there is one.</summary>
    public Guid? ChangeSetId { get; init; }

    /// <summary>
    /// The event's place in the feed that delivered it, assigned on publish: increasing, without gaps within one feed.
    /// Each process numbers its own feed; an event from another process is numbered again when it arrives.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>The id of the process whose feed first published the event (<see cref="HostEventFeed.Origin"/>); set by the feed.</summary>
    public string? Origin { get; init; }
}
