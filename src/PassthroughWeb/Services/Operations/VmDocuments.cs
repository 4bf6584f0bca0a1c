using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Plans;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Step 4's VMs (the list, a clean shutdown, a new VM) and step 5 of any host, answered as the CLI's JSON documents
/// (<c>vms --json</c>, <c>create-vm --json</c>, <c>guest --json</c>): the one place that decides "here or through the
/// agent", as <see cref="StepDocuments"/> does for steps 2 and 3. This app's own hosts use this app's libvirt for the
/// host (its own, or <c>serve --connect</c>'s); an agent's host is asked through <see cref="RemoteSteps"/> (which checks
/// the Operator role before asking), whose agent answers with these same methods on its own libvirt. The role checks
/// of a change are <see cref="VmSteps"/>' own.
/// </summary>
/// <param name="remote">Null where no hub runs (the CLI, the agent): there an agent's host is refused, never acted on here.</param>
public sealed class VmDocuments(VmSteps vms, PlanFingerprints plans, RemoteSteps? remote = null)
{
    /// <summary>The host's VMs as <c>vms --json</c> lists them, with where step 4's changes go for the host.</summary>
    public async Task<StepAnswer> ListVmsAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.ListVmsAsync(host, actor, ct);
        // An imported host's VMs are on another machine: this app's libvirt must not be asked about them.
        if (host.IsImported)
        {
            // No root to judge where changes would go: none go anywhere.
            return StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.List(vms.ConnectionOf(host, null), [], new Dictionary<string, DomainDefinition?>()) with
            {
                ChangesLibvirt = false,
                Libvirt = ImportedHosts.ReadOnly(host.Name),
                Error = ErrorDocument(ImportedError(host)),
            }, CliJsonContext.Output.VmListDocument));
        }
        var virsh = vms.VirshFor(host, null);
        var listed = await virsh.ListDomainsAsync(ct);
        if (!listed.Succeeded) return VmList(host, [], new Dictionary<string, DomainDefinition?>(), listed.Error);
        // One dumpxml per VM, as `vms` does: its persistent definition says which functions it takes at its next start.
        var definitions = new Dictionary<string, DomainDefinition?>(StringComparer.Ordinal);
        foreach (var domain in listed.GetValue())
        {
            var xml = await virsh.DumpXmlAsync(domain.Name, inactive: true, ct);
            definitions[domain.Name] = xml.Succeeded && DomainDefinition.TryParse(xml.GetValue(), out var definition, out _) ? definition : null;
        }
        return VmList(host, listed.GetValue(), definitions, null);
    }

    /// <summary>Asks the VM to shut down cleanly (recorded in the host's history) and answers the VMs as they are right after, or libvirt's refusal.</summary>
    public async Task<StepAnswer> ShutdownVmAsync(StepHost host, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(vm)) return StepAnswer.Refused(StepAnswerRefusal.Invalid, "A shutdown needs the VM's libvirt name.");
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.ShutdownVmAsync(host, vm, actor, ct);
        if (host.IsImported) return Imported(host);
        var permitted = await vms.ShutdownAsync(host, null, vm, actor, ct);
        if (permitted.Denied is { } denied) return StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message);
        return permitted.Value.Succeeded
            ? await ListVmsAsync(host, actor, ct)
            : VmList(host, [], new Dictionary<string, DomainDefinition?>(), permitted.Value.Error);
    }

    /// <summary>The host's CPUs and memory as the new-VM planner reads them, for a form's defaults and limits.</summary>
    public async Task<StepAnswer> VmHostResourcesAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.VmHostResourcesAsync(host, actor, ct);
        var resources = VmSteps.HostResourcesOf(host);
        var document = new HostResourcesDocument
        {
            SchemaVersion = HostResourcesDocument.CurrentSchemaVersion, LogicalCpus = resources.LogicalCpus, ThreadsPerCore = resources.ThreadsPerCore, MemoryBytes = resources.MemoryBytes,
        };
        return StepAnswer.Of(JsonSerializer.Serialize(document, CliJsonContext.Output.HostResourcesDocument));
    }

    /// <summary>Plans the new VM and shows the plan (kept under its id where the host's plans are kept), as <c>create-vm --json</c> answers without <c>--yes</c>.</summary>
    public async Task<StepAnswer> PlanNewVmAsync(StepHost host, NewVmRequest newVm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(newVm);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.PlanNewVmAsync(host, newVm, actor, ct);
        if (host.IsImported) return Imported(host);
        var planned = await vms.PlanCreateAsync(host, newVm, null, ct, actor.Name);
        return StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.Create(host, vms.ConnectionOf(host, null), vms.ChangesLibvirt(host, null), vms.LibvirtTarget(host, null), planned, null),
            CliJsonContext.Output.CreateVmDocument));
    }

    /// <summary>
    /// Creates the VM of the plan shown under <paramref name="planId"/> for the same form, and only while the host still
    /// gives that plan: nothing is created for an id no plan of this host was shown under.
    /// </summary>
    public async Task<StepAnswer> CreateVmAsync(StepHost host, NewVmRequest newVm, string planId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(newVm);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.CreateVmAsync(host, newVm, planId, actor, ct);
        if (host.IsImported) return Imported(host);
        if (await plans.FindAsync(planId, ct) is not { } shown || shown.Host != host.Name)
            return StepAnswer.Refused(StepAnswerRefusal.Stale,
                $"Nothing was created on {host.Name}: no plan {planId} was shown for it in the last {ShownPlans.Retention.TotalDays:0} days. Preview the VM again and create the planId it answers.");
        var created = await vms.CreateAsync(host, newVm, null, actor, ct, shown.Id);
        return created switch
        {
            { Denied: { } denied } => StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message),
            { Outcome: StepApplyOutcome.Stale } => StepAnswer.Refused(StepAnswerRefusal.Stale, created.Message),
            { Outcome: StepApplyOutcome.Busy } => StepAnswer.Refused(StepAnswerRefusal.Busy, created.Message),
            { Creation: { } creation } => StepAnswer.Of(JsonSerializer.Serialize(
                VmDocumentMapper.Create(host, vms.ConnectionOf(host, null), vms.ChangesLibvirt(host, null), vms.LibvirtTarget(host, null), creation, created), CliJsonContext.Output.CreateVmDocument)),
            _ => StepAnswer.Refused(StepAnswerRefusal.Invalid, created.Message),
        };
    }

    /// <summary>Step 5's checks of the VM the card was given to, answered as <c>guest --json</c>.</summary>
    public async Task<StepAnswer> CheckGuestAsync(StepHost host, PciAddress gpu, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.CheckGuestAsync(host, GuestRequest(gpu, vm), actor, ct);
        if (host.IsImported) return Imported(host);
        var report = await vms.CheckGuestAsync(host, gpu, vm, connection: null, ct);
        return StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.Guest(host, gpu, report), CliJsonContext.Output.GuestDocument));
    }

    /// <summary>
    /// Records step 5 done for the VM in the host's history (whatever the checks say: the user saw the driver work; but
    /// only once the VM could be checked, as <c>guest --done</c> does), then answers the checks with when it was marked,
    /// as <c>guest --done --json</c>.
    /// </summary>
    public async Task<StepAnswer> MarkGuestDriversDoneAsync(StepHost host, PciAddress gpu, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.MarkGuestDriversDoneAsync(host, GuestRequest(gpu, vm), actor, ct);
        if (host.IsImported) return Imported(host);
        if ((await vms.CheckGuestAsync(host, gpu, vm, connection: null, ct)).Problem is { } why)
            return StepAnswer.Refused(StepAnswerRefusal.Invalid, $"{VmSteps.NotMarkedUnchecked} {why}");
        var marked = await vms.MarkGuestDriversDoneAsync(host, vm, gpu, actor, ct);
        if (marked.Denied is { } denied) return StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message);
        return await CheckGuestAsync(host, gpu, vm, actor, ct);
    }

    private static AgentGuestRequest GuestRequest(PciAddress gpu, string vm) => new() { Vm = vm, Gpu = gpu.ToString() };

    /// <summary>An imported host's VMs are on a machine this app cannot reach: nothing is asked of this app's libvirt for it.</summary>
    private static StepAnswer Imported(StepHost host) => StepAnswer.Refused(StepAnswerRefusal.Invalid, ImportedHosts.ReadOnly(host.Name));

    private static StepAnswer NotHere(StepHost host) => StepAnswer.Refused(StepAnswerRefusal.Invalid, host.AgentChangesUnavailable);

    private static LibvirtError ImportedError(StepHost host) => new() { Kind = LibvirtErrorKind.Failed, Message = ImportedHosts.ReadOnly(host.Name), Detail = "" };

    private StepAnswer VmList(StepHost host, IReadOnlyList<DomainSummary> domains, IReadOnlyDictionary<string, DomainDefinition?> definitions, LibvirtError? error) =>
        StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.List(vms.ConnectionOf(host, null), domains, definitions) with
        {
            ChangesLibvirt = vms.ChangesLibvirt(host, null),
            Libvirt = vms.LibvirtTarget(host, null),
            Error = error is null ? null : ErrorDocument(error),
        }, CliJsonContext.Output.VmListDocument));

    private static LibvirtErrorDocument ErrorDocument(LibvirtError error) =>
        new() { Kind = JsonNamingPolicy.CamelCase.ConvertName(error.Kind.ToString()), Message = error.Message, Detail = error.Detail };
}
