using System.Globalization;

namespace PassthroughWeb.Core.Events;

/// <summary>An event in words, one line, for <c>watch</c> and the pages' live log: what happened, without the JSON.</summary>
public static class HostEventText
{
    public static string Describe(HostEvent hostEvent)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        return hostEvent switch
        {
            ScanStored e => $"scan stored: {e.DeviceCount} PCI devices, {e.GpuCount} GPU(s) ({e.Source})",
            PlanReady e => $"plan {e.PlanId} ready for steps {string.Join(',', e.Steps)}: {e.Summary}",
            ChangeSetStarted e => $"change set started, steps {string.Join(',', e.Steps)}: {e.Summary}",
            FileWritten e => $"wrote {e.Path} ({e.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)",
            CommandOutput e => $"{(e.Stream == Host.CommandOutputStream.StandardError ? "!" : "|")} {e.Line}",
            CommandFinished e => $"{e.Command}: {e.Status}{(e.ExitCode is { } code ? $" (exit {code})" : "")}{(e.Phase == "apply" ? "" : $" [{e.Phase}]")}",
            ChangeSetApplied e => e.CommandsSkipped ? "change set applied (commands skipped: a copy of a host)" : "change set applied",
            ChangeSetFailed e => $"change set failed, every file put back: {e.Message}",
            ChangeSetRolledBack e => e.Outcome == "rolled-back"
                ? "change set rolled back: every file and VM as it was before it" + (e.Message is null ? "" : $" ({e.Message})")
                : $"rollback {e.Outcome}" + (e.Message is null ? "" : $": {e.Message}"),
            RehearsalProgress e => $"rehearsal: {e.Line}",
            VerificationResult e => $"verification {(e.Passed ? "passed" : "failed")}: {e.Summary}",
            RebootPending e => $"reboot pending: {e.Message}",
            DriftDetected e => $"drift: {e.Summary} {string.Join(" ", e.Differences)}",
            HostBusy e => $"busy: {e.By} is {e.What} since {e.Since.ToUniversalTime():HH:mm:ss} UTC",
            HostIdle => "idle: the next change may start",
            HostOnline => "online",
            HostOffline => "offline",
            RolloutProgress e => $"rollout {e.RolloutId} ({(e.Batch == 0 ? "canary" : $"batch {e.Batch}")}): {e.State}, rollout {e.RolloutState}: {e.Message}",
            EventsMissed e => $"{e.Count} event(s) were dropped before this reader caught up (the history has them all)",
            _ => hostEvent.GetType().Name,
        };
    }

    /// <summary>Time, host, words, and who and which change set where known: a line of <c>watch</c>.</summary>
    public static string Line(HostEvent hostEvent)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        var who = hostEvent.User is null ? "" : $" [{hostEvent.User}]";
        var set = hostEvent.ChangeSetId is { } id ? $" (change set {id})" : "";
        return $"{hostEvent.At.ToUniversalTime():HH:mm:ss} {hostEvent.Host}  {Describe(hostEvent)}{who}{set}";
    }
}
