using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Plans;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// The agent's side of steps the hub asks for, on the agent's own root and data directory (plan ids, locks and history
/// live on the agent), answered as the CLI's JSON documents. Steps 2 and 3 are <see cref="StepDocuments"/>' own answers,
/// the VMs and step 5 <see cref="VmDocuments"/>' (the host is this machine's, so they run here); step 4 runs on the
/// agent's own libvirt (its <c>--connect</c>, else qemu:///system), never one the hub names.
/// </summary>
public sealed class AgentSteps(StepDocuments documents, VmDocuments vmDocuments, PlanFingerprints plans, VmSteps vms)
{
    public async Task<StepAnswer> PlanAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Plan is { IsVmStep: true } vmPlan)
        {
            if (VmSteps.OptionsOf(vmPlan) is not { } vm)
                return StepAnswer.Refused(StepAnswerRefusal.Invalid, "Step 4 needs \"gpu\" (a PCI address such as 07:00.0) and \"vm\" (the libvirt VM).");
            // The agent's own libvirt: a hub names none (its API takes none), and a request that did would not be obeyed.
            var planned = await vms.PlanAsync(host, vm with { Connection = null }, ct, request.Actor.Name);
            return StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.Plan(host, planned), CliJsonContext.Output.VmPlanDocument));
        }
        var (steps, gpu, options, refused) = Read(request);
        if (refused is not null) return refused;
        return await documents.PlanAsync(host, gpu, steps!, options!, request.Actor, ct);
    }

    /// <summary>
    /// Boots the host's kernel with the image the plan would give it, as <c>rehearse --json</c> does with the accelerator
    /// and timeout the hub forwarded (its defaults when it sent none: 180 s, KVM when it works). The progress lines go to
    /// this host's feed, which the connection forwards to the hub as they come.
    /// </summary>
    public async Task<StepAnswer> RehearseAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        var (steps, gpu, options, refused) = Read(request);
        if (refused is not null) return refused;
        if (gpu is not { } card)
            return StepAnswer.Refused(StepAnswerRefusal.Invalid, "\"gpu\" is required for a rehearsal: the card whose isolation the guest checks, by the address `scan` lists (07:00.0).");
        return await documents.RehearseAsync(host, card, steps!, options!, request.Boot, request.Actor, progress: null, ct);
    }

    /// <summary>The steps, card and options of a plan or rehearsal the hub asked for, or why they are not ones the agent runs.</summary>
    private static (IReadOnlyList<HostStep>? Steps, PciAddress? Gpu, StepPlanOptions? Options, StepAnswer? Refusal) Read(AgentStepRequest request)
    {
        if (request.Plan is not { IsVmStep: false } plan || HostSteps.TryParse(string.Join(',', plan.Steps), out _) is not { } steps)
            return (null, null, null, StepAnswer.Refused(StepAnswerRefusal.Invalid, "The agent rehearses steps 2 and 3 (host, isolate) for the hub: step 4 changes a VM, which needs no reboot to rehearse."));
        PciAddress? gpu = null;
        if (plan.Gpu is { } text)
        {
            if (!PciAddress.TryParse(text, out var parsed)) return (null, null, null, StepAnswer.Refused(StepAnswerRefusal.Invalid, $"'{text}' is not a PCI address."));
            gpu = parsed;
        }
        return (steps, gpu, new StepPlanOptions { SingleGpuChosen = plan.SingleGpu, PassingBootGpu = plan.PassingBootGpu, AcsOverride = plan.AcsOverride }, null);
    }

    /// <summary>Applies the plan this agent showed under the request's id: step 4's on its libvirt, steps 2 and 3's as <see cref="StepDocuments"/> applies any.</summary>
    public async Task<StepAnswer> ApplyAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        if (await plans.FindAsync(request.PlanId, ct) is not { } shown)
            return StepAnswer.Refused(StepAnswerRefusal.Stale, $"Nothing was changed: {host.Name}'s agent showed no plan {request.PlanId} in the last {ShownPlans.Retention.TotalDays:0} days. Plan again and apply the planId it answers.");
        if (VmSteps.OptionsOf(shown) is not { } vm) return await documents.ApplyAsync(host, shown.Id, request.Actor, ct);
        var changed = await vms.ApplyAsync(host, vm, request.Actor, ct, shown.Id);
        return changed switch
        {
            { Denied: { } vmDenied } => StepAnswer.Refused(StepAnswerRefusal.NotAllowed, vmDenied.Message),
            { Outcome: StepApplyOutcome.Stale } => StepAnswer.Refused(StepAnswerRefusal.Stale, changed.Message),
            { Outcome: StepApplyOutcome.Busy } => StepAnswer.Refused(StepAnswerRefusal.Busy, changed.Message),
            _ => StepAnswer.Of(JsonSerializer.Serialize(VmDocumentMapper.Apply(host, changed), CliJsonContext.Output.VmApplyDocument)),
        };
    }

    public Task<StepAnswer> VerifyAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return documents.VerifyAsync(host, request.Actor, ct);
    }

    public Task<StepAnswer> RollbackAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ChangeSetId is not { } id)
            return Task.FromResult(StepAnswer.Refused(StepAnswerRefusal.Unknown, $"Nothing was rolled back: the hub named no change set of {host.Name}."));
        return documents.RollbackAsync(host, id, request.Force, request.Actor, ct);
    }

    public Task<StepAnswer> HistoryAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return documents.HistoryAsync(host, request.Actor, ct);
    }

    /// <summary>Step 5's checks of a VM on the agent's own libvirt (its <c>--connect</c>), answered as <c>guest --json</c>.</summary>
    public async Task<StepAnswer> CheckGuestAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReadGuest(request) is not { } guest) return GuestRefusal;
        return await vmDocuments.CheckGuestAsync(host, guest.Gpu, guest.Vm, request.Actor, ct);
    }

    /// <summary>Records step 5 done for the VM in this host's history and answers the checks, as <c>guest --done --json</c>.</summary>
    public async Task<StepAnswer> MarkGuestDriversDoneAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReadGuest(request) is not { } guest) return GuestRefusal;
        return await vmDocuments.MarkGuestDriversDoneAsync(host, guest.Gpu, guest.Vm, request.Actor, ct);
    }

    private static readonly StepAnswer GuestRefusal =
        StepAnswer.Refused(StepAnswerRefusal.Invalid, "Step 5 needs \"vm\" (the libvirt VM) and \"gpu\" (a PCI address such as 07:00.0).");

    private static (string Vm, PciAddress Gpu)? ReadGuest(AgentStepRequest request) =>
        request.Guest is { Vm: { Length: > 0 } vm, Gpu: { } text } && PciAddress.TryParse(text, out var gpu) ? (vm, gpu.Value) : null;

    /// <summary>The VMs of the agent's own libvirt as <c>vms --json</c> lists them, with where step 4's changes go on this host.</summary>
    public Task<StepAnswer> ListVmsAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return vmDocuments.ListVmsAsync(host, request.Actor, ct);
    }

    /// <summary>Asks the VM to shut down cleanly (recorded in this host's history) and answers the VMs as they are right after, or libvirt's refusal.</summary>
    public Task<StepAnswer> ShutdownVmAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return vmDocuments.ShutdownVmAsync(host, request.Vm ?? "", request.Actor, ct);
    }

    public Task<StepAnswer> VmHostResourcesAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return vmDocuments.VmHostResourcesAsync(host, request.Actor, ct);
    }

    /// <summary>Plans the new VM on the agent's own libvirt and shows the plan here, as <c>create-vm --json</c> answers without <c>--yes</c>.</summary>
    public Task<StepAnswer> PlanNewVmAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NewVm is not { } newVm) return Task.FromResult(StepAnswer.Refused(StepAnswerRefusal.Invalid, "A new VM's plan needs the form: its name, Windows version and ISO."));
        return vmDocuments.PlanNewVmAsync(host, newVm, request.Actor, ct);
    }

    /// <summary>Creates the VM of a plan this agent showed, for the same form: nothing when the host no longer gives that plan.</summary>
    public Task<StepAnswer> CreateVmAsync(StepHost host, AgentStepRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NewVm is not { } newVm) return Task.FromResult(StepAnswer.Refused(StepAnswerRefusal.Invalid, "A new VM needs the form it was planned from."));
        return vmDocuments.CreateVmAsync(host, newVm, request.PlanId ?? "", request.Actor, ct);
    }
}
