using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

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
    ILogger<ApplyOperation> logger)
{
    public async Task<StepApplyResult> ApplyAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "apply changes") is { } denied) return StepApplyResult.NotAllowed(denied, host, gpu, steps);
        var user = actor.Name;
        var (preview, root) = await planner.PlanWithRootAsync(host, gpu, steps, options, ct);
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
            await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await new StepHistoryStore(db).RecordAppliedAsync(id, BootId.Read(root), result.Expectations!, CancellationToken.None);
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
