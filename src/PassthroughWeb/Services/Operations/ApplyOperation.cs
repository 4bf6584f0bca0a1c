using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Locking;
using PassthroughWeb.Services.Plans;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Applies steps 2 and/or 3 as one change set through the change engine, with the journal in SQLite. Against a root
/// other than "/" (the demo host, a copy of a host) the same path runs and the commands are recorded as skipped.
/// Needs the Operator role: the pages, the CLI and the API all come through here.
/// </summary>
public sealed class ApplyOperation(
    PlanOperation planner,
    HistoryRecorder recorder,
    IDbContextFactory<PassthroughDbContext> databases,
    IChangeJournal journal,
    ICommandRunner runner,
    TimeProvider time,
    EngineOptions engine,
    IHostEventPublisher events,
    HostChangeGate gate,
    PlanFingerprints fingerprints,
    Drift.PlannedDeviceRecorder plannedDevices,
    ILogger<ApplyOperation> logger)
{
    /// <summary>
    /// Plans and applies. With <paramref name="shownPlanId"/> (the id of the plan the user looked at), the host is changed
    /// only while it still gives that very plan; otherwise the answer is Stale and names what changed. One change set at
    /// a time per host: while another holds it, the answer is Busy and names who and what.
    /// </summary>
    public async Task<StepApplyResult> ApplyAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct, string? shownPlanId = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "apply changes") is { } denied) return StepApplyResult.NotAllowed(denied, host, gpu, steps);
        var user = actor.Name;
        await using var passage = await gate.EnterAsync(host.Name, ChangeActivity.Apply(user, steps.Select(HostSteps.NameOf)), ct);
        if (passage.Refusal is { } busy)
            return new StepApplyResult
            {
                Outcome = StepApplyOutcome.Busy,
                Message = "Nothing was changed: " + busy.Message + ".",
                Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused, Summary = busy.Message },
            };
        return await ApplyHeldAsync(host, gpu, steps, options, actor, shownPlanId, ct);
    }

    /// <summary>
    /// Applies the plan shown under <paramref name="planId"/> (kept by <see cref="PlanOperation.PlanAsync"/>): plans the same
    /// request again and applies it only if it is still that plan. Steps 2 and 3 only; the VM step has its own in VmSteps.
    /// </summary>
    public async Task<StepApplyResult> ApplyShownAsync(StepHost host, ShownPlan shown, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(shown);
        if (shown.Request is not { IsVmStep: false } request || HostSteps.TryParse(string.Join(',', request.Steps), out _) is not { } steps)
            return new StepApplyResult
            {
                Outcome = StepApplyOutcome.Stale,
                Message = $"Nothing was changed: plan {shown.Id} is not one of steps 2 and 3 that can be applied by its id alone; plan again.",
                Preview = new StepPlanPreview { Host = host, Steps = [], Gpu = null, Outcome = HostChangeOutcome.Refused, Summary = "No plan." },
            };
        PciAddress? gpu = request.Gpu is { } text && PciAddress.TryParse(text, out var parsed) ? parsed : null;
        var options = new StepPlanOptions { SingleGpuChosen = request.SingleGpu, PassingBootGpu = request.PassingBootGpu, AcsOverride = request.AcsOverride };
        return await ApplyAsync(host, gpu, steps, options, actor, ct, shown.Id);
    }

    private async Task<StepApplyResult> ApplyHeldAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, string? shownPlanId, CancellationToken ct)
    {
        var user = actor.Name;
        var (preview, root) = await planner.PlanWithRootAsync(host, gpu, steps, options, ct);
        if (shownPlanId is not null)
        {
            if (preview.Identity is not { } now)
                return new StepApplyResult { Outcome = StepApplyOutcome.Stale, Message = $"Nothing was changed: the host no longer gives the plan you saw ({shownPlanId}), nor any plan: " + (preview.Message ?? preview.Summary), Preview = preview };
            var reasons = await fingerprints.StaleReasonsAsync(shownPlanId, now, ct);
            if (reasons.Count > 0)
            {
                logger.LogWarning("Apply of plan {PlanId} for {Host} by {User} refused: the host now gives plan {NewPlanId}", shownPlanId, host.Name, user, now.Id);
                return new StepApplyResult { Outcome = StepApplyOutcome.Stale, Message = PlanFingerprints.StaleMessage(shownPlanId, now, reasons), Preview = preview };
            }
        }
        var result = preview.Result;
        if (root is null || result is null || preview.Outcome != HostChangeOutcome.Planned || result.Plan is null)
        {
            var outcome = preview.Outcome switch
            {
                HostChangeOutcome.Manual => StepApplyOutcome.Manual,
                HostChangeOutcome.Refused => StepApplyOutcome.Refused,
                _ => StepApplyOutcome.Error,
            };
            return new StepApplyResult { Outcome = outcome, Message = "Nothing was changed. " + (preview.Message ?? preview.Summary), Preview = preview };
        }
        if (result.IsNothingToDo)
            return new StepApplyResult { Outcome = StepApplyOutcome.NothingToDo, Message = preview.Summary, Preview = preview };

        var applier = new ChangeApplier(root, runner, journal, time, engine.BackupDirectory, engine.CommandPolicy, events);
        var applied = await applier.ApplyAsync(result.Plan, host.Name, user, ct);
        if (applied.Outcome == ApplyOutcome.Applied && applied.ChangeSetId is { } id)
        {
            Core.Testing.CrashPoints.Reach(Core.Testing.CrashPoints.HistoryRecording);
            await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await new StepHistoryStore(db).RecordAppliedAsync(id, BootId.Read(root), result.Expectations!, CancellationToken.None);
            await plannedDevices.RecordAsync(host, HostSteps.IsolateName, id, result.Expectations!.PassedFunctions, CancellationToken.None);
            if (result.Plan.NeedsReboot)
                events.Publish(new RebootPending
                {
                    Host = host.Name, User = user, ChangeSetId = id,
                    Message = $"Change set {id} (steps {string.Join(',', result.Plan.Steps)}) takes effect at the next boot of {host.Name}: reboot, then verify.",
                });
        }
        logger.LogInformation("Change set {ChangeSetId} for {Host} (steps {Steps}) by {User} ({Method}): {Outcome}", applied.ChangeSetId, host.Name, string.Join(',', result.Plan.Steps), user, actor.Method, applied.Outcome);
        var images = await InspectImagesAsync(root, host.Name, result, applied, user, ct);
        return new StepApplyResult
        {
            Outcome = StepApplyOutcomes.From(applied.Outcome),
            ChangeSetId = applied.ChangeSetId,
            Commands = applied.Commands,
            Error = applied.Error,
            Images = images,
            Message = applied.Outcome switch
            {
                ApplyOutcome.Applied when images is { IsBlocking: true } =>
                    $"Applied as change set {applied.ChangeSetId}, but do NOT reboot yet: {images.Summary} Roll back, or fix the initramfs configuration and rebuild it.",
                ApplyOutcome.Applied => applied.CommandsSkipped
                    ? $"Applied as change set {applied.ChangeSetId}. The host root is not /, so the commands were not run (skipped): {string.Join("; ", applied.Commands.Where(c => c.Status == CommandStatus.Skipped).Select(c => c.Step.Command.Display))}."
                    : $"Applied as change set {applied.ChangeSetId}. Reboot the host for it to take effect, then verify.",
                _ => applied.Error?.Message ?? applied.Outcome.ToString(),
            },
            Preview = preview,
        };
    }

    /// <summary>
    /// After the initramfs was really rebuilt, lists every installed kernel's image with the host's own tool and
    /// checks that the vfio modules and the binding files are inside: never a silent "done" before the reboot.
    /// </summary>
    private async Task<InitramfsInspection?> InspectImagesAsync(HostRoot root, string hostName, HostChangePlanResult result, ApplyResult applied, string user, CancellationToken ct)
    {
        if (applied.Outcome != ApplyOutcome.Applied || applied.CommandsSkipped || result.Initramfs is not { } initramfs || result.InitramfsDetection is not { } detection)
            return null;
        var inspection = await new InitramfsInspector(runner).InspectHostAsync(root, initramfs.System, detection.Kernels, initramfs.Expectation, ct);
        await recorder.RecordEventAsync(hostName, "initramfs-check", inspection.Summary, !inspection.IsBlocking, user, ct);
        return inspection;
    }
}
