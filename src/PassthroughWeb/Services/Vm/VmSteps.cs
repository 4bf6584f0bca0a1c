using Microsoft.Extensions.Logging.Abstractions;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Vm;

/// <summary>
/// Steps 4 and 5 for the web app and the CLI: list the VMs of a libvirt connection, plan and apply the passthrough
/// edits of an existing VM or the creation of a new one through the same change engine and journal as steps 2 and 3
/// (so the history and the rollback work the same), offer a clean shutdown, and check the guest drivers. The host
/// root decides where files and sysfs are read. libvirt is the connection named (<c>--connect</c>), else the host's
/// own (the demo's daemon), else the app's default; a copy of a host changes only a named or its own libvirt, never the
/// default one, whose VM changes are then listed as skipped.
/// What changes a VM or the history takes the <see cref="Actor"/> behind it and needs the Operator role (NotAllowed otherwise).
/// </summary>
public sealed class VmSteps
{
    public const string ShutdownEvent = "vm-shutdown";
    public const string GuestCheckEvent = "guest-check";
    public const string GuestDoneEvent = "guest-drivers-done";

    private readonly HistoryQuery _history;
    private readonly HistoryRecorder _recorder;
    private readonly IChangeJournal _journal;
    private readonly Core.Events.IHostEventPublisher _events;
    private readonly ICommandRunner _runner;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<VmSteps> _logger;
    private readonly Plans.PlanFingerprints _fingerprints;
    private readonly Locking.HostChangeGate _gate;
    private readonly Drift.PlannedDeviceRecorder _plannedDevices;

    public VmSteps(HistoryQuery history, HistoryRecorder recorder, IChangeJournal journal, Core.Events.IHostEventPublisher events, ICommandRunner runner, TimeProvider time, EngineOptions options,
        Plans.PlanFingerprints fingerprints, Locking.HostChangeGate gate, Drift.PlannedDeviceRecorder plannedDevices, ILogger<VmSteps>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _history = history;
        _recorder = recorder;
        _journal = journal;
        _events = events;
        _runner = runner;
        _time = time;
        _options = options;
        _logger = logger ?? NullLogger<VmSteps>.Instance;
        _fingerprints = fingerprints;
        _gate = gate;
        _plannedDevices = plannedDevices;
    }

    /// <summary>The connection a call uses: the one named, else the host's own (the demo's), else the configured one (default qemu:///system).</summary>
    public string ConnectionOf(StepHost? host, string? connection) =>
        !string.IsNullOrWhiteSpace(connection) ? connection.Trim() : host?.LibvirtConnection ?? _options.LibvirtConnection;

    /// <summary>Whether the connection was chosen (named, or the host's own) rather than being the default.</summary>
    public bool IsNamed(StepHost? host, string? connection) =>
        !string.IsNullOrWhiteSpace(connection) || host?.LibvirtConnection is not null || _options.LibvirtConnectionNamed;

    /// <summary>Whether step 4's changes for this host reach libvirt: always on the host itself, on a copy only when the connection was chosen.</summary>
    public bool ChangesLibvirt(StepHost host, string? connection)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _options.CommandPolicy != CommandPolicy.Never && (new HostRoot(host.Root).IsSystemRoot || IsNamed(host, connection));
    }

    /// <summary>One sentence for previews and results: where the VM changes go, or that they are only listed.</summary>
    public string LibvirtTarget(StepHost host, string? connection) => ChangesLibvirt(host, connection)
        ? $"The VM changes go to libvirt at {ConnectionOf(host, connection)}" + (new HostRoot(host.Root).IsSystemRoot ? "." : ", the connection chosen for this copy of a host.")
        : $"{host.Name} is a copy of a host (root {host.Root}) with no libvirt of its own: the VM changes are listed as skipped and {ConnectionOf(host, connection)} is left alone. Name a libvirt with --connect URI to create the VM there.";

    public Virsh VirshFor(StepHost? host, string? connection) => new(_runner, ConnectionOf(host, connection));

    public Task<LibvirtResult<IReadOnlyList<DomainSummary>>> ListAsync(StepHost? host, string? connection, CancellationToken ct) => VirshFor(host, connection).ListDomainsAsync(ct);

    /// <summary>Plans step 4 for an existing VM: a fresh scan, what step 3 isolates, and the guest driver's need to hide the hypervisor.</summary>
    /// <remarks>The plan is shown: it is kept under its id and announced on the feed.</remarks>
    public async Task<VmPlanResult> PlanAsync(StepHost host, VmStepOptions options, CancellationToken ct, string? shownTo = null)
    {
        var planned = await PlanCoreAsync(host, options, ct);
        if (planned.Plan is { } plan)
        {
            var identity = IdentityOf(host, options.Gpu, plan, options);
            await _fingerprints.ShowAsync(identity, RequestOf(options), planned.Message ?? plan.Summary, shownTo, ct);
            planned = planned with { PlanId = identity.Id };
        }
        return planned;
    }

    private static PlanIdentity IdentityOf(StepHost host, PciAddress gpu, ChangePlan plan, VmStepOptions options) =>
        PlanIdentity.Of(host.Name, gpu, plan, [new("vm", options.Vm), new("connection", options.Connection ?? ""), new("hide-hypervisor", options.HideHypervisor?.ToString() ?? "auto"),
            new("vendor-id", options.VendorId ?? ""), new("rom-file", options.RomFile ?? "")]);

    internal static Plans.ShownPlanRequest RequestOf(VmStepOptions options) => new()
    {
        Steps = [VmPlanner.StepName], Gpu = options.Gpu.ToString(), Vm = options.Vm, Connection = options.Connection,
        HideHypervisor = options.HideHypervisor, VendorId = options.VendorId, RomFile = options.RomFile,
    };

    /// <summary>The VM step's options as they were when the plan <paramref name="shown"/> was shown; null when it is not a VM step plan.</summary>
    public static VmStepOptions? OptionsOf(Plans.ShownPlan shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Request is { } request ? OptionsOf(request) : null;
    }

    /// <summary>The VM step's options a request asks for; null when it is not a VM step request or its card is not a PCI address.</summary>
    public static VmStepOptions? OptionsOf(Plans.ShownPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { IsVmStep: true } r && r.Gpu is { } gpu && PciAddress.TryParse(gpu, out var address)
            ? new VmStepOptions { Vm = r.Vm!, Gpu = address.Value, Connection = r.Connection, HideHypervisor = r.HideHypervisor, VendorId = r.VendorId, RomFile = r.RomFile }
            : null;
    }

    private async Task<VmPlanResult> PlanCoreAsync(StepHost host, VmStepOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        if (host.IsImported)
            return new VmPlanResult
            {
                Outcome = VmPlanOutcome.Refused,
                Request = new VmPlanRequest { Connection = ConnectionOf(host, options.Connection), DomainName = options.Vm, Gpu = options.Gpu, IsolatedFunctions = [] },
                Message = ImportedHosts.ReadOnly(host.Name),
            };
        if (host.IsAgent)
            return new VmPlanResult { Outcome = VmPlanOutcome.Error, Request = new VmPlanRequest { Connection = "", DomainName = options.Vm, Gpu = options.Gpu, IsolatedFunctions = [] }, Message = host.AgentChangesUnavailable };
        var (root, scan) = await ScanAsync(host, ct);
        var request = new VmPlanRequest
        {
            Connection = ConnectionOf(host, options.Connection),
            DomainName = options.Vm,
            Gpu = options.Gpu,
            IsolatedFunctions = await IsolatedFunctionsAsync(host, ct),
            VendorId = string.IsNullOrWhiteSpace(options.VendorId) ? null : options.VendorId,
            RomFile = string.IsNullOrWhiteSpace(options.RomFile) ? null : options.RomFile,
        };
        var hide = HideAdvice(scan, options.Gpu);
        request = request with
        {
            HideHypervisor = options.HideHypervisor ?? hide?.ShouldHide ?? false,
            HideHypervisorReason = options.HideHypervisor is { } chosen
                ? (chosen ? "You asked to hide the hypervisor." : "You asked not to hide the hypervisor.") + (hide is null ? "" : " " + hide.Reason)
                : hide?.Reason,
        };
        var planned = await VmPlanner.PlanAsync(root, scan, request, VirshFor(host, options.Connection), ct);
        return planned with { Plan = Chosen(planned.Plan, IsNamed(host, options.Connection)) };
    }

    /// <summary>With <paramref name="shownPlanId"/>, the VM is changed only while the plan is still the one shown (Stale otherwise); Busy while another change holds the host.</summary>
    public async Task<VmApplyResult> ApplyAsync(StepHost host, VmStepOptions options, Actor actor, CancellationToken ct, string? shownPlanId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(options);
        if (actor.Check(Role.Operator, "change VMs") is { } denied) return VmApplyResult.NotAllowed(denied);
        ArgumentNullException.ThrowIfNull(host);
        await using var passage = await _gate.EnterAsync(host.Name, Locking.ChangeActivity.VmChange(actor.Name, options.Vm), ct);
        if (passage.Refusal is { } busy) return new VmApplyResult { Outcome = StepApplyOutcome.Busy, Message = "Nothing was changed: " + busy.Message + "." };
        var planned = await PlanCoreAsync(host, options, ct);
        if (shownPlanId is not null && await StaleAsync(host, options.Gpu, planned.Plan, shownPlanId, p => IdentityOf(host, options.Gpu, p, options), ct) is { } stale)
            return stale with { Planned = planned };
        if (planned.Outcome != VmPlanOutcome.Planned || planned.Plan is null)
            return new VmApplyResult
            {
                Outcome = planned.Outcome == VmPlanOutcome.Refused ? StepApplyOutcome.Refused : StepApplyOutcome.Error,
                Message = "Nothing was changed. " + (planned.Message ?? planned.Outcome.ToString()),
                Planned = planned,
            };
        return await ApplyPlanAsync(host, planned.Plan, actor, ct) with { Planned = planned };
    }

    /// <summary>The host's CPUs and memory as the creation planner reads them, so a form can show its defaults and limits.</summary>
    public static HostResources HostResourcesOf(StepHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return HostResourcesReader.Read(new HostRoot(host.Root));
    }

    /// <summary>Plans a new VM for the card (the guide's defaults for what the request leaves open).</summary>
    /// <remarks>The plan is shown: it is kept under its id and announced on the feed.</remarks>
    public async Task<VmCreationResult> PlanCreateAsync(StepHost host, NewVmRequest request, string? connection, CancellationToken ct, string? shownTo = null)
    {
        var planned = await PlanCreateCoreAsync(host, request, connection, ct);
        if (planned.Plan is { } plan)
        {
            var identity = CreationIdentityOf(host, request, connection, plan);
            await _fingerprints.ShowAsync(identity, new Plans.ShownPlanRequest { Steps = [VmPlanner.StepName], Gpu = request.Gpu?.ToString(), Connection = connection }, plan.Summary, shownTo, ct);
            planned = planned with { PlanId = identity.Id };
        }
        return planned;
    }

    private static PlanIdentity CreationIdentityOf(StepHost host, NewVmRequest request, string? connection, ChangePlan plan) =>
        PlanIdentity.Of(host.Name, request.Gpu, plan, [new("new-vm", request.Name), new("connection", connection ?? "")]);

    private async Task<VmCreationResult> PlanCreateCoreAsync(StepHost host, NewVmRequest request, string? connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (host.IsImported)
            return new VmCreationResult
            {
                Request = request,
                Findings = [new VmCreationFinding { Severity = FindingSeverity.Refusal, Subject = "host", Message = ImportedHosts.ReadOnly(host.Name) }],
            };
        if (host.IsAgent)
            return new VmCreationResult { Request = request, Findings = [new VmCreationFinding { Severity = FindingSeverity.Refusal, Subject = "host", Message = host.AgentChangesUnavailable }] };
        var (root, scan) = await ScanAsync(host, ct);
        if (request.HideHypervisor is null && request.Gpu is { } gpu && HideAdvice(scan, gpu) is { } hide)
            request = request with { HideHypervisor = hide.ShouldHide };
        var planned = await new VmCreationPlanner(root, VirshFor(host, connection)).PlanAsync(scan, request, ct);
        return planned with { Plan = Chosen(planned.Plan, IsNamed(host, connection)) };
    }

    public async Task<VmApplyResult> CreateAsync(StepHost host, NewVmRequest request, string? connection, Actor actor, CancellationToken ct, string? shownPlanId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "create VMs") is { } denied) return VmApplyResult.NotAllowed(denied);
        ArgumentNullException.ThrowIfNull(host);
        await using var passage = await _gate.EnterAsync(host.Name, Locking.ChangeActivity.VmChange(actor.Name, request.Name), ct);
        if (passage.Refusal is { } busy) return new VmApplyResult { Outcome = StepApplyOutcome.Busy, Message = "Nothing was created: " + busy.Message + "." };
        var planned = await PlanCreateCoreAsync(host, request, connection, ct);
        if (shownPlanId is not null && await StaleAsync(host, request.Gpu, planned.Plan, shownPlanId, p => CreationIdentityOf(host, request, connection, p), ct) is { } stale)
            return stale with { Creation = planned };
        if (planned.Plan is null)
            return new VmApplyResult
            {
                Outcome = StepApplyOutcome.Refused,
                Message = "Nothing was created. " + string.Join(" ", planned.Refusals.Select(r => r.ToString())),
                Creation = planned,
            };
        return await ApplyPlanAsync(host, planned.Plan, actor, ct) with { Creation = planned };
    }

    /// <summary>Asks the guest to shut down cleanly (ACPI); never forces it off. Recorded in the history.</summary>
    public async Task<Permitted<LibvirtResult<string>>> ShutdownAsync(StepHost host, string? connection, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "shut VMs down") is { } denied) return new Permitted<LibvirtResult<string>>(denied);
        // An imported host's VMs are on another machine: this app's libvirt must not be asked about them.
        if (host.IsImported)
            return new Permitted<LibvirtResult<string>>(new LibvirtResult<string> { Error = new LibvirtError { Kind = LibvirtErrorKind.Failed, Message = ImportedHosts.ReadOnly(host.Name), Detail = "" } });
        if (host.IsAgent) return new Permitted<LibvirtResult<string>>(new LibvirtResult<string> { Error = new LibvirtError { Kind = LibvirtErrorKind.Failed, Message = host.AgentChangesUnavailable, Detail = "" } });
        var result = await VirshFor(host, connection).ShutdownAsync(vm, ct);
        await _recorder.RecordEventAsync(host.Name, ShutdownEvent,
            result.Succeeded ? $"Asked {vm} to shut down cleanly (ACPI), before step 4 edits it." : $"Could not ask {vm} to shut down: {result.Error.Message}",
            result.Succeeded, actor.Name, ct);
        _logger.LogInformation("Shutdown of {Vm} on {Host} asked by {User} ({Method}): {Succeeded}", vm, host.Name, actor.Name, actor.Method, result.Succeeded);
        return new Permitted<LibvirtResult<string>>(result);
    }

    /// <summary>Step 5: the checks the app makes itself (VM running, the card in its live XML, the guest agent's view) and the driver advice.</summary>
    public async Task<GuestStepReport> CheckGuestAsync(StepHost host, PciAddress gpu, string vm, string? connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.IsImported) return new GuestStepReport { Vm = vm, Connection = "", Problem = ImportedHosts.ReadOnly(host.Name) };
        if (host.IsAgent) return new GuestStepReport { Vm = vm, Connection = "", Problem = host.AgentChangesUnavailable };
        var (_, scan) = await ScanAsync(host, ct);
        var connectionUri = ConnectionOf(host, connection);
        var card = scan.Devices.FirstOrDefault(d => d.Address == gpu) ?? scan.Devices.FirstOrDefault(d => d.Address.IsSameSlot(gpu) && PciClass.IsDisplay(d.ClassCode));
        var markedDone = await MarkedDoneAtAsync(host.Name, vm, ct);
        if (card is null)
            return new GuestStepReport { Vm = vm, Connection = connectionUri, Problem = $"The scan of {host.Name} has no card at {gpu}.", MarkedDoneAt = markedDone };

        var virsh = VirshFor(host, connectionUri);
        var state = await virsh.GetStateAsync(vm, ct);
        if (!state.Succeeded)
            return new GuestStepReport { Vm = vm, Connection = connectionUri, Problem = state.Error.Message, LibvirtError = state.Error, MarkedDoneAt = markedDone };
        var running = state.Value is DomainState.Running or DomainState.Blocked;
        var live = await virsh.DumpXmlAsync(vm, inactive: !running, ct);
        var definition = live.Succeeded && DomainDefinition.TryParse(live.GetValue(), out var parsed, out _) ? parsed : null;
        var agent = running ? await GuestAgentAnswers.GatherAsync(new GuestAgent(_runner, connectionUri), vm, ct) : null;
        var report = GuestDriverCheck.Evaluate(new GuestDriverCheckInput
        {
            DomainName = vm,
            DomainState = running ? "running" : DomainStates.Describe(state.GetValue()),
            Gpu = card,
            GpuFunctions = [.. scan.Devices.Where(d => d.Address.IsSameSlot(card.Address)).Select(d => d.Address)],
            LiveHostdevAddresses = running && definition is not null ? [.. definition.PciHostdevs.Select(h => h.Source)] : [],
            HypervisorHidden = definition?.KvmHidden,
            Agent = agent,
        });
        return new GuestStepReport { Vm = vm, Connection = connectionUri, Report = report, MarkedDoneAt = markedDone };
    }

    /// <summary>
    /// Why step 5 is not marked done for a VM whose checks could not be made at all (no such VM or card, libvirt not
    /// answering): every door marks it only once the VM could be checked, whatever the checks then say.
    /// </summary>
    public const string NotMarkedUnchecked = "Step 5 was not marked done: the VM could not be checked.";

    /// <summary>The user saw the driver working in the guest: step 5 is done for this VM, in the history.</summary>
    public async Task<Permitted<int>> MarkGuestDriversDoneAsync(StepHost host, string vm, PciAddress gpu, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "mark steps done") is { } denied) return new Permitted<int>(denied);
        // No door offers step 5 for an imported host (its page shows step 1 only; the CLI names hosts by root): a bug if reached.
        if (host.IsImported) throw new InvalidOperationException(ImportedHosts.ReadOnly(host.Name));
        var id = await _recorder.RecordEventAsync(host.Name, GuestDoneEvent, $"Step 5 marked done: the guest drivers of {gpu} work in {vm}.", passed: true, actor.Name, ct);
        _logger.LogInformation("Step 5 marked done for {Vm} on {Host} by {User} ({Method})", vm, host.Name, actor.Name, actor.Method);
        return new Permitted<int>(id);
    }

    private async Task<DateTimeOffset?> MarkedDoneAtAsync(string hostName, string vm, CancellationToken ct)
    {
        var history = await _history.HistoryAsync(hostName, ct);
        var needle = $" work in {vm}.";
        return history.Events.Where(e => e.Kind == GuestDoneEvent && e.Summary.EndsWith(needle, StringComparison.Ordinal)).Select(e => (DateTimeOffset?)e.At).Max();
    }

    private async Task<VmApplyResult> ApplyPlanAsync(StepHost host, ChangePlan plan, Actor actor, CancellationToken ct)
    {
        var user = actor.Name;
        if (plan.IsEmpty)
            return new VmApplyResult { Outcome = StepApplyOutcome.NothingToDo, Message = "Nothing to change: the VM already has what step 4 needs.", Plan = plan };
        var root = new HostRoot(host.Root);
        var applier = new ChangeApplier(root, _runner, _journal, _time, _options.BackupDirectory, _options.CommandPolicy, _events);
        var applied = await applier.ApplyAsync(plan, host.Name, user, ct);
        _logger.LogInformation("Change set {ChangeSetId} for {Host} (step vm) by {User} ({Method}): {Outcome}", applied.ChangeSetId, host.Name, user, actor.Method, applied.Outcome);
        if (applied.Outcome == ApplyOutcome.Applied && applied.ChangeSetId is { } id)
            await _plannedDevices.RecordAsync(host, VmPlanner.StepName, id, HostdevAddressesOf(plan), CancellationToken.None);
        return new VmApplyResult
        {
            Outcome = StepApplyOutcomes.From(applied.Outcome),
            ChangeSetId = applied.ChangeSetId,
            Commands = applied.Commands,
            Error = applied.Error,
            Plan = plan,
            Message = applied.Outcome switch
            {
                ApplyOutcome.Applied when applied.Commands.Any(c => c.Status == CommandStatus.Skipped) =>
                    $"Recorded as change set {applied.ChangeSetId}, but nothing was sent to libvirt: {host.Name} is a copy of a host (root {host.Root}) with no libvirt named, " +
                    $"so the real machine's {(plan.Domains.Count > 0 ? plan.Domains[0].Connection : null) ?? _options.LibvirtConnection} was left alone and the libvirt commands are listed as skipped. Name a libvirt with --connect URI to create the VM there.",
                ApplyOutcome.Applied => $"Applied as change set {applied.ChangeSetId}: libvirt at {(plan.Domains.Count > 0 ? plan.Domains[0].Connection : null) ?? _options.LibvirtConnection} holds the new definition. Start the VM and go on with step 5.",
                ApplyOutcome.NothingToDo => "Nothing to change: the VM already has what step 4 needs.",
                _ => applied.Error?.Message ?? applied.Outcome.ToString(),
            },
        };
    }

    /// <summary>The PCI addresses the plan's VM definitions hand to their guests.</summary>
    private static IReadOnlyCollection<PciAddress> HostdevAddressesOf(ChangePlan plan) =>
    [
        .. plan.Domains.SelectMany(d => DomainDefinition.TryParse(d.After, out var definition, out _) ? definition.PciHostdevs.Select(h => h.Source) : []).Distinct(),
    ];

    /// <summary>Marks the plan's domain changes with whether their connection was chosen, which decides whether a copy of a host sends them.</summary>
    private static ChangePlan? Chosen(ChangePlan? plan, bool named) =>
        plan is null ? null : plan with { Domains = [.. plan.Domains.Select(d => d with { ConnectionNamed = named })] };

    private async Task<(HostRoot Root, ScanReport Scan)> ScanAsync(StepHost host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = new HostRoot(host.Root);
        var scan = await Task.Run(() => new HostScanner(_time).Scan(root, host.Name), ct);
        return (root, scan);
    }

    /// <summary>Whether the guest driver of the card needs the hypervisor hidden; null when there is no such card.</summary>
    private static HiddenHypervisorAdvice? HideAdvice(ScanReport scan, PciAddress gpu)
    {
        var card = scan.Devices.FirstOrDefault(d => d.Address == gpu) ?? scan.Devices.FirstOrDefault(d => d.Address.IsSameSlot(gpu) && PciClass.IsDisplay(d.ClassCode));
        return card is null ? null : GuestDriverAdvisor.NeedsHiddenHypervisor(card);
    }

    /// <summary>The functions the latest applied (not rolled back) step-3 change set puts on vfio-pci.</summary>
    private async Task<IReadOnlyCollection<PciAddress>> IsolatedFunctionsAsync(StepHost host, CancellationToken ct)
    {
        var history = await _history.HistoryAsync(host.Name, ct);
        var latest = history.ChangeSets.FirstOrDefault(s => s.Set.State == ChangeSetState.Applied && s.Expectations is { } e && e.Steps.Contains(HostStep.Isolate));
        return latest?.Expectations?.PassedFunctions ?? [];
    }

    private async Task<VmApplyResult?> StaleAsync(StepHost host, PciAddress? gpu, ChangePlan? plan, string shownPlanId, Func<ChangePlan, PlanIdentity> identify, CancellationToken ct)
    {
        if (plan is null)
            return new VmApplyResult { Outcome = StepApplyOutcome.Stale, Message = $"Nothing was changed: the host no longer gives the plan you saw ({shownPlanId}), nor any plan." };
        var now = identify(plan);
        var reasons = await _fingerprints.StaleReasonsAsync(shownPlanId, now, ct);
        if (reasons.Count == 0) return null;
        _logger.LogWarning("VM change of plan {PlanId} for {Host} refused: the host now gives plan {NewPlanId} (card {Gpu})", shownPlanId, host.Name, now.Id, gpu);
        return new VmApplyResult { Outcome = StepApplyOutcome.Stale, Message = Plans.PlanFingerprints.StaleMessage(shownPlanId, now, reasons), Plan = plan };
    }
}
