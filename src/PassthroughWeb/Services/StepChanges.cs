using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>
/// Steps 2 and 3 for the web app and the CLI: plan (a fresh scan, then the planner), apply through the change engine
/// with the journal in SQLite, roll back, verify after the reboot, and read the history. Against a root other than
/// "/" (the demo host, a copy of a host) the same path runs and the commands are recorded as skipped. Every operation
/// that changes a host or its history takes the <see cref="Actor"/> behind it, records its name, and answers NotAllowed
/// (a value) when the actor's role is below Operator: the pages, the CLI and the API all come through here.
/// </summary>
public sealed class StepChanges : IDisposable
{
    private readonly IDbContextFactory<PassthroughDbContext> _databases;
    private readonly ICommandRunner _runner;
    private readonly TimeProvider _time;
    private readonly StepChangesOptions _options;
    private readonly EfChangeJournal _journal;
    private readonly ILogger<StepChanges> _logger;

    public StepChanges(IDbContextFactory<PassthroughDbContext> databases, ICommandRunner runner, TimeProvider time, StepChangesOptions options, ILogger<StepChanges>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _databases = databases;
        _runner = runner;
        _time = time;
        _options = options;
        _journal = new EfChangeJournal(databases);
        _logger = logger ?? NullLogger<StepChanges>.Instance;
    }

    public void Dispose() => _journal.Dispose();

    /// <summary>The journal the service applies through (the same database as the history).</summary>
    public IChangeJournal Journal => _journal;

    /// <summary>A host the app has scanned, by name; null when it is unknown.</summary>
    public async Task<StepHost?> FindHostAsync(string hostName, CancellationToken ct)
    {
        await using var db = await _databases.CreateDbContextAsync(ct);
        var host = await new ProfileStore(db).FindHostAsync(hostName, ct);
        return host is null ? null : new StepHost { Name = host.Name, Root = host.Root, IsDemo = host.IsDemo, LibvirtConnection = host.IsDemo ? _options.DemoLibvirtConnection : null };
    }

    /// <summary>Plans steps 2 and/or 3; <paramref name="gpu"/> may be null for step 2 alone (it needs a card only for its boot-display extra).</summary>
    public async Task<StepPlanPreview> PlanAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, CancellationToken ct)
    {
        var (preview, _) = await PlanCoreAsync(host, gpu, steps, options, ct);
        return preview;
    }

    public async Task<StepApplyResult> ApplyAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "apply changes") is { } denied) return StepApplyResult.NotAllowed(denied, host, gpu, steps);
        var user = actor.Name;
        var (preview, root) = await PlanCoreAsync(host, gpu, steps, options, ct);
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

        var applier = new ChangeApplier(root, _runner, _journal, _time, _options.BackupDirectory, _options.CommandPolicy);
        var applied = await applier.ApplyAsync(result.Plan, host.Name, user, ct);
        if (applied.Outcome == ApplyOutcome.Applied && applied.ChangeSetId is { } id)
        {
            await using var db = await _databases.CreateDbContextAsync(CancellationToken.None);
            await new StepHistoryStore(db).RecordAppliedAsync(id, BootId.Read(root), result.Expectations!, CancellationToken.None);
        }
        _logger.LogInformation("Change set {ChangeSetId} for {Host} (steps {Steps}) by {User} ({Method}): {Outcome}", applied.ChangeSetId, host.Name, string.Join(',', result.Plan.Steps), user, actor.Method, applied.Outcome);
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
    private async Task<Core.Isolation.Initramfs.InitramfsInspection?> InspectImagesAsync(HostRoot root, string hostName, HostChangePlanResult result, ApplyResult applied, string user, CancellationToken ct)
    {
        if (applied.Outcome != ApplyOutcome.Applied || applied.CommandsSkipped || result.Initramfs is not { } initramfs || result.InitramfsDetection is not { } detection)
            return null;
        var inspector = new Core.Isolation.Initramfs.InitramfsInspector(_runner);
        var inspection = await inspector.InspectHostAsync(root, initramfs.System, detection.Kernels, initramfs.Expectation, ct);
        await RecordEventAsync(hostName, "initramfs-check", inspection.Summary, !inspection.IsBlocking, user, ct);
        return inspection;
    }

    public async Task<Permitted<RollbackResult>> RollbackAsync(Guid changeSetId, Actor actor, bool force, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "roll back changes") is { } denied) return new Permitted<RollbackResult>(denied);
        return new Permitted<RollbackResult>(await RollbackCoreAsync(changeSetId, actor, force, ct));
    }

    private async Task<RollbackResult> RollbackCoreAsync(Guid changeSetId, Actor actor, bool force, CancellationToken ct)
    {
        var user = actor.Name;
        var set = await _journal.GetAsync(changeSetId, ct);
        if (set is null)
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = $"There is no change set {changeSetId}." } };
        if (!Directory.Exists(set.RootPath))
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = $"The host root {set.RootPath} this change set was applied to no longer exists." } };
        var rollback = new ChangeRollback(new HostRoot(set.RootPath), _runner, _journal, _time, _options.CommandPolicy);
        var result = await rollback.RollbackAsync(changeSetId, force, ct);
        _logger.LogInformation("Rollback of change set {ChangeSetId} for {Host} by {User} ({Method}): {Outcome}", changeSetId, set.Host, user, actor.Method, result.Outcome);
        if (result.Outcome is not (RollbackOutcome.Refused or RollbackOutcome.AlreadyRolledBack))
        {
            await using var db = await _databases.CreateDbContextAsync(CancellationToken.None);
            await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = set.Host,
                Kind = StepHistoryStore.RollbackEvent,
                At = _time.GetUtcNow(),
                User = user,
                ChangeSetId = changeSetId,
                Passed = result.Outcome == RollbackOutcome.RolledBack,
                Summary = result.Outcome == RollbackOutcome.RolledBack
                    ? $"Change set {changeSetId} (steps {string.Join(',', set.Steps)}) rolled back: {RolledBackParts(set)}{(result.CommandsSkipped ? "; commands skipped (the root is not /)" : "")}."
                    : $"Rolling back change set {changeSetId} did not finish: {result.Error?.Message}",
            }, CancellationToken.None);
        }
        return result;
    }

    /// <summary>What a rollback put back, in words: the files, and each libvirt domain redefined or removed.</summary>
    private static string RolledBackParts(ChangeSet set)
    {
        var parts = new List<string>();
        if (set.Files.Count > 0) parts.Add($"{set.Files.Count} file(s) restored byte for byte");
        foreach (var domain in set.Plan.Domains.Where(d => !d.IsNoOp))
            parts.Add(domain.Creates
                ? $"the VM {domain.Name} it created undefined{(domain.NewVolume is { } v ? $" and its disk {v.Name} deleted" : "")}"
                : $"the VM {domain.Name} defined again exactly as before");
        return parts.Count == 0 ? "nothing needed putting back" : string.Join("; ", parts);
    }

    public async Task<StepVerifyResult> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "verify changes") is { } denied)
            return new StepVerifyResult { Outcome = StepVerifyOutcome.NotAllowed, Message = denied.Message };
        var user = actor.Name;
        ChangeSetRecord? record;
        await using (var db = await _databases.CreateDbContextAsync(ct))
        {
            var applied = nameof(ChangeSetState.Applied);
            record = (await new StepHistoryStore(db).ListChangeSetsAsync(host.Name, ct)).FirstOrDefault(s => s.State == applied && s.ExpectationsJson is not null);
        }
        if (record is null)
            return new StepVerifyResult { Outcome = StepVerifyOutcome.NothingToVerify, Message = $"{host.Name} has no applied change set of steps 2 or 3 to verify." };
        if (!Directory.Exists(host.Root))
            return new StepVerifyResult { Outcome = StepVerifyOutcome.Failed, ChangeSetId = record.Id, Message = $"The host root '{host.Root}' does not exist." };
        var root = new HostRoot(host.Root);
        var now = BootId.Read(root);
        if (record.BootId is not null && now == record.BootId)
            return new StepVerifyResult
            {
                Outcome = StepVerifyOutcome.RebootNeeded,
                ChangeSetId = record.Id,
                Message = root.IsSystemRoot
                    ? $"Change set {record.Id} (steps {record.Steps}) was applied in this boot: reboot the host, then verify."
                    // A copy of a host's files has no machine behind it: "reboot the host" would contradict the reboot banner.
                    : $"Change set {record.Id} (steps {record.Steps}) was applied to a copy of a host's files ({host.Root}), which has no machine to reboot: its boot id has not changed, so there is nothing to verify yet.",
            };
        var verification = await VerifyAndRecordAsync(record, root, user, automatic: false, ct);
        _logger.LogInformation("Change set {ChangeSetId} of {Host} verified by {User} ({Method}): {Passed}", record.Id, host.Name, user, actor.Method, verification.Passed);
        return new StepVerifyResult
        {
            Outcome = verification.Passed ? StepVerifyOutcome.Passed : StepVerifyOutcome.Failed,
            ChangeSetId = record.Id,
            Verification = verification,
            Message = verification.Passed
                ? $"Steps {record.Steps} of change set {record.Id} hold after the reboot: {verification.Summary}"
                : $"Steps {record.Steps} of change set {record.Id} do not hold after the reboot: {verification.Summary}",
        };
    }

    public async Task<StepHistory> HistoryAsync(string hostName, CancellationToken ct)
    {
        await using var db = await _databases.CreateDbContextAsync(ct);
        var store = new StepHistoryStore(db);
        var records = await store.ListChangeSetsAsync(hostName, ct);
        var events = await store.ListEventsAsync(hostName, ct);
        var bootIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sets = records.Select(r =>
        {
            if (!bootIds.TryGetValue(r.RootPath, out var now)) bootIds[r.RootPath] = now = CurrentBootId(r.RootPath);
            return ToHistory(r, now);
        }).ToList();
        return new StepHistory
        {
            ChangeSets = sets,
            Events = [.. events.Select(e => new HistoryEntry
            {
                Id = e.Id, Kind = e.Kind, At = e.At, User = e.User, ChangeSetId = e.ChangeSetId, Passed = e.Passed, Summary = e.Summary, Details = e.DetailsJson,
            })],
        };
    }

    public async Task<RebootState> RebootStateAsync(StepHost host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var history = await HistoryAsync(host.Name, ct);
        var pending = history.ChangeSets.FirstOrDefault(s => s.RebootNeeded);
        return pending is null
            ? new RebootState { Needed = false, Message = "No change set waits for a reboot." }
            : new RebootState
            {
                Needed = true,
                ChangeSetId = pending.Set.Id,
                Message = $"Reboot needed: change set {pending.Set.Id} (steps {string.Join(',', pending.Set.Steps)}) was applied in this boot and takes effect at the next one. Verify after the reboot.",
            };
    }

    /// <summary>The history event kind a rehearsal of the reboot is recorded under.</summary>
    public const string RehearsalEvent = "rehearsal";

    /// <summary>
    /// Rehearses the reboot of steps 2 and 3 for a card: plans them exactly as <see cref="PlanAsync"/> does (a fresh
    /// scan, the same planner), builds the image the plan would give the host into a temporary directory, boots the
    /// host's kernel with it under QEMU with an emulated IOMMU, and records the result in the host's history.
    /// <paramref name="progress"/> gets each step and every console line as the guest writes it. Nothing on the host
    /// is changed. The preview is returned with the report: a plan that is refused or manual is not rehearsed.
    /// </summary>
    public async Task<StepRehearsalResult> RehearseAsync(StepHost host, PciAddress gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor,
        IProgress<string>? progress, CancellationToken ct, Core.Rehearsal.RehearsalBootOptions? boot = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "rehearse a reboot") is { } denied)
            return new StepRehearsalResult
            {
                Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused, Summary = denied.Message, Message = denied.Message },
                Report = new Core.Rehearsal.RehearsalReport { Outcome = Core.Rehearsal.RehearsalOutcome.Unavailable, Summary = denied.Message },
                Denied = denied,
            };
        var user = actor.Name;
        var (preview, root) = await PlanCoreAsync(host, gpu, steps, options, ct);
        if (root is null || preview.Result is not { Outcome: HostChangeOutcome.Planned } result)
        {
            var report = new Core.Rehearsal.RehearsalReport
            {
                Outcome = Core.Rehearsal.RehearsalOutcome.Unavailable,
                Summary = "There is no plan to rehearse: " + (preview.Message ?? preview.Summary),
            };
            return new StepRehearsalResult { Preview = preview, Report = report };
        }
        progress?.Report(preview.Summary);
        var scan = await Task.Run(() => new HostScanner(_time).Scan(root, host.Name), ct);
        var rehearsal = await new Core.Rehearsal.RehearsalRunner(_runner).RunAsync(
            new Core.Rehearsal.RehearsalRequest { Root = root, Scan = scan, Plan = result }, boot, progress, ct);
        var summary = $"Rehearsal of steps {string.Join(',', steps.Select(HostSteps.NameOf))} for {gpu}: {rehearsal.Summary}";
        // Why the guest ran under TCG (or not at all) belongs beside the outcome: a KVM that half-works is worth knowing.
        if (rehearsal.Acceleration is { } acceleration && rehearsal.Outcome != Core.Rehearsal.RehearsalOutcome.KvmUnavailable)
            summary += $" Accelerator {(acceleration.Accelerator == Core.Rehearsal.QemuAccelerator.Kvm ? "KVM" : "TCG")}: {acceleration.Note}";
        // Rehearsed after the apply (the plan is then empty: the image is built from what the host's files hold now),
        // the rehearsal belongs to the change set that waits for the reboot: it is recorded in that set's history.
        var pending = result.IsNothingToDo ? (await RebootStateAsync(host, ct)).ChangeSetId : null;
        var eventId = await RecordEventAsync(host.Name, RehearsalEvent, summary, rehearsal.Outcome switch
        {
            Core.Rehearsal.RehearsalOutcome.Passed => true,
            Core.Rehearsal.RehearsalOutcome.Unavailable or Core.Rehearsal.RehearsalOutcome.KvmUnavailable => null,
            _ => false,
        }, user, CancellationToken.None, pending);
        _logger.LogInformation("Rehearsal for {Host} ({Gpu}, steps {Steps}) by {User} ({Method}): {Outcome}", host.Name, gpu, string.Join(',', steps.Select(HostSteps.NameOf)), user, actor.Method, rehearsal.Outcome);
        return new StepRehearsalResult { Preview = preview, Report = rehearsal, EventId = eventId };
    }

    /// <summary>
    /// Records an event of the host's history ("rehearsal", "step-marked-done" …). Internal: the operations that call it
    /// have checked the actor's role, and <paramref name="user"/> is that actor's name.
    /// </summary>
    internal async Task<int> RecordEventAsync(string hostName, string kind, string summary, bool? passed, string user, CancellationToken ct, Guid? changeSetId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await using var db = await _databases.CreateDbContextAsync(ct);
        return await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord { HostName = hostName, Kind = kind, At = _time.GetUtcNow(), User = user, Passed = passed, Summary = summary, ChangeSetId = changeSetId }, ct);
    }

    /// <summary>
    /// At start-up: undoes what a crash left half applied or half rolled back, then verifies by itself every applied set
    /// whose host has rebooted since (its boot id changed), recording each result in the history.
    /// </summary>
    public async Task RecoverAndVerifyAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = actor.Name;
        var recovery = new InterruptedChangeRecovery(_runner, _journal, _time, _options.CommandPolicy);
        foreach (var recovered in await recovery.RecoverAsync(ct))
        {
            var set = await _journal.GetAsync(recovered.ChangeSetId, ct);
            _logger.LogWarning("Change set {ChangeSetId} was interrupted and recovered at start-up: {Files} file(s) put back", recovered.ChangeSetId, recovered.RestoredFiles.Count);
            await using var db = await _databases.CreateDbContextAsync(ct);
            await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = set?.Host ?? "",
                Kind = StepHistoryStore.RecoveryEvent,
                At = _time.GetUtcNow(),
                User = user,
                ChangeSetId = recovered.ChangeSetId,
                Passed = recovered.Error is null,
                Summary = set?.Error?.Message ?? $"Change set {recovered.ChangeSetId} was recovered at start-up.",
            }, ct);
        }

        IReadOnlyList<ChangeSetRecord> unverified;
        await using (var db = await _databases.CreateDbContextAsync(ct))
        {
            unverified = await new StepHistoryStore(db).ListUnverifiedAppliedAsync(ct);
        }
        foreach (var record in unverified)
        {
            if (!Directory.Exists(record.RootPath)) continue;
            var root = new HostRoot(record.RootPath);
            var now = BootId.Read(root);
            if (record.BootId is null || now is null || now == record.BootId) continue;
            var verification = await VerifyAndRecordAsync(record, root, user, automatic: true, ct);
            _logger.LogInformation("Change set {ChangeSetId} of {Host} verified after the reboot: {Passed}", record.Id, record.HostName, verification.Passed);
        }
    }

    private async Task<StepVerification> VerifyAndRecordAsync(ChangeSetRecord record, HostRoot root, string user, bool automatic, CancellationToken ct)
    {
        var expectations = ChangeSetJson.Deserialize<StepExpectations>(record.ExpectationsJson!);
        var scan = await Task.Run(() => new HostScanner(_time).Scan(root, record.HostName), ct);
        var verification = HostChangeVerifier.Verify(root, scan, expectations);
        await using var db = await _databases.CreateDbContextAsync(CancellationToken.None);
        await new StepHistoryStore(db).RecordVerificationAsync(record.Id, verification, _time.GetUtcNow(), user, automatic, CancellationToken.None);
        return verification;
    }

    private static ChangeSetHistory ToHistory(ChangeSetRecord record, string? currentBootId)
    {
        var set = EfChangeJournal.ToChangeSet(record);
        return new ChangeSetHistory
        {
            Set = set,
            BootId = record.BootId,
            Expectations = record.ExpectationsJson is null ? null : ChangeSetJson.Deserialize<StepExpectations>(record.ExpectationsJson),
            Verification = record.VerificationJson is null ? null : ChangeSetJson.Deserialize<StepVerification>(record.VerificationJson),
            VerifiedAt = record.VerifiedAt,
            RebootNeeded = set.State == ChangeSetState.Applied && set.Plan.NeedsReboot && record.VerifiedAt is null
                           && record.BootId is not null && record.BootId == currentBootId,
        };
    }

    private static string? CurrentBootId(string rootPath) => Directory.Exists(rootPath) ? BootId.Read(new HostRoot(rootPath)) : null;

    private async Task<(StepPlanPreview Preview, HostRoot? Root)> PlanCoreAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(host.Root))
            return (new StepPlanPreview
            {
                Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Error,
                Summary = "No plan: the host root does not exist.", Message = $"The host root '{host.Root}' does not exist or is not a directory.",
            }, null);
        var root = new HostRoot(host.Root);
        var scan = await Task.Run(() => new HostScanner(_time).Scan(root, host.Name), ct);
        var detection = root.IsSystemRoot ? await BootLoaderDetector.DetectAsync(root, _runner, ct) : null;
        var request = new HostChangeRequest
        {
            Gpu = gpu, Steps = steps, SingleGpuChosen = options.SingleGpuChosen, PassingBootGpu = options.PassingBootGpu, AcsOverride = options.AcsOverride,
        };
        var result = HostChangePlanner.Plan(root, scan, request, detection);
        var skipped = !(_options.CommandPolicy == CommandPolicy.Always || (_options.CommandPolicy == CommandPolicy.SystemRootOnly && root.IsSystemRoot));
        var plan = result.Plan;
        var preview = new StepPlanPreview
        {
            Host = host,
            Steps = steps,
            Gpu = gpu,
            Outcome = result.Outcome,
            Summary = plan?.Summary ?? result.Message ?? result.Outcome.ToString(),
            Message = result.Message,
            Files = plan is null ? [] : [.. plan.Files.Select(f => new PlannedFile { Path = f.Path, Reason = f.Reason, Before = f.Before, After = f.After, Diff = UnifiedDiff.Render(f) })],
            Commands = plan is null ? [] : [.. plan.Commands.Select(c => new PlannedCommand
            {
                Display = c.Command.Display, Program = c.Command.Program, Arguments = c.Command.Arguments, Reason = c.Reason, WillBeSkipped = skipped,
            })],
            Notes = result.Notes,
            Refusals = result.Refusals,
            Findings = [.. result.ModprobeFindings.Select(f => f.ToString()), .. result.InitramfsFindings.Select(f => f.ToString())],
            NeedsReboot = plan?.NeedsReboot ?? false,
            IsNothingToDo = result.IsNothingToDo,
            Result = result,
            RehearsalUnavailable = Core.Rehearsal.RehearsalKernel.Find(root, null, out var kernelProblem) is null
                ? $"No rehearsal on this host: {kernelProblem}"
                : null,
        };
        return (preview, root);
    }
}
