using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Rehearses the reboot of steps 2 and 3 for a card: plans them exactly as <see cref="PlanOperation"/> does (a fresh
/// scan, the same planner), builds the image the plan would give the host into a temporary directory, boots the host's
/// kernel with it under QEMU with an emulated IOMMU, and records the result in the host's history. Nothing on the host
/// is changed. Needs the Operator role.
/// </summary>
public sealed class RehearseOperation(
    PlanOperation planner,
    HistoryQuery history,
    HistoryRecorder recorder,
    ICommandRunner runner,
    TimeProvider time,
    IHostEventPublisher events,
    Locking.HostChangeGate gate,
    ILogger<RehearseOperation> logger)
{
    /// <summary>The history event kind a rehearsal of the reboot is recorded under.</summary>
    public const string RehearsalEvent = "rehearsal";

    /// <summary>
    /// <paramref name="progress"/> gets each step and every console line as the guest writes it. The preview is returned
    /// with the report: a plan that is refused or manual is not rehearsed.
    /// </summary>
    public async Task<StepRehearsalResult> RehearseAsync(StepHost host, PciAddress gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor,
        IProgress<string>? progress, CancellationToken ct, RehearsalBootOptions? boot = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "rehearse a reboot") is { } denied)
            return new StepRehearsalResult
            {
                Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused, Summary = denied.Message, Message = denied.Message },
                Report = new RehearsalReport { Outcome = RehearsalOutcome.Unavailable, Summary = denied.Message },
                Denied = denied,
            };
        var user = actor.Name;
        await using var passage = await gate.EnterAsync(host.Name, Locking.ChangeActivity.Rehearsal(user, steps.Select(HostSteps.NameOf)), ct);
        if (passage.Refusal is { } busy)
            return new StepRehearsalResult
            {
                Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused, Summary = busy.Message, Message = busy.Message },
                Report = new RehearsalReport { Outcome = RehearsalOutcome.Unavailable, Summary = "Not rehearsed: " + busy.Message + "." },
                Busy = busy,
            };
        return await RehearseHeldAsync(host, gpu, steps, options, actor, progress, boot, ct);
    }

    private async Task<StepRehearsalResult> RehearseHeldAsync(StepHost host, PciAddress gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor,
        IProgress<string>? progress, RehearsalBootOptions? boot, CancellationToken ct)
    {
        var user = actor.Name;
        // Every line goes to the caller and to the feed, so a second browser or `watch` follows the same rehearsal.
        var caller = progress;
        progress = new LineRelay(line =>
        {
            caller?.Report(line);
            events.Publish(new RehearsalProgress { Host = host.Name, User = user, Line = line });
        });
        var (preview, root) = await planner.PlanWithRootAsync(host, gpu, steps, options, ct);
        if (root is null || preview.Result is not { Outcome: HostChangeOutcome.Planned } result)
        {
            var report = new RehearsalReport
            {
                Outcome = RehearsalOutcome.Unavailable,
                Summary = "There is no plan to rehearse: " + (preview.Message ?? preview.Summary),
            };
            return new StepRehearsalResult { Preview = preview, Report = report };
        }
        progress?.Report(preview.Summary);
        var scan = await Task.Run(() => new HostScanner(time).Scan(root, host.Name), ct);
        var rehearsal = await new RehearsalRunner(runner).RunAsync(new RehearsalRequest { Root = root, Scan = scan, Plan = result }, boot, progress, ct);
        var summary = $"Rehearsal of steps {string.Join(',', steps.Select(HostSteps.NameOf))} for {gpu}: {rehearsal.Summary}";
        // Why the guest ran under TCG (or not at all) belongs beside the outcome: a KVM that half-works is worth knowing.
        if (rehearsal.Acceleration is { } acceleration && rehearsal.Outcome != RehearsalOutcome.KvmUnavailable)
            summary += $" Accelerator {(acceleration.Accelerator == QemuAccelerator.Kvm ? "KVM" : "TCG")}: {acceleration.Note}";
        // Rehearsed after the apply (the plan is then empty: the image is built from what the host's files hold now),
        // the rehearsal belongs to the change set that waits for the reboot: it is recorded in that set's history.
        var pending = result.IsNothingToDo ? (await history.RebootStateAsync(host, ct)).ChangeSetId : null;
        var eventId = await recorder.RecordEventAsync(host.Name, RehearsalEvent, summary, rehearsal.Outcome switch
        {
            RehearsalOutcome.Passed => true,
            RehearsalOutcome.Unavailable or RehearsalOutcome.KvmUnavailable => null,
            _ => false,
        }, user, CancellationToken.None, pending);
        logger.LogInformation("Rehearsal for {Host} ({Gpu}, steps {Steps}) by {User} ({Method}): {Outcome}", host.Name, gpu, string.Join(',', steps.Select(HostSteps.NameOf)), user, actor.Method, rehearsal.Outcome);
        return new StepRehearsalResult { Preview = preview, Report = rehearsal, EventId = eventId };
    }

    /// <summary>Passes each line on at once, in order (Progress&lt;T&gt; would post it to the thread pool, where order is lost).</summary>
    private sealed class LineRelay(Action<string> relay) : IProgress<string>
    {
        public void Report(string value) => relay(value);
    }
}
