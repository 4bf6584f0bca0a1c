using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Step 4 of any host as its card asks for it: this app's own hosts through <see cref="VmSteps"/>, an agent's host
/// through its agent (<see cref="RemoteSteps"/>, which checks the role before asking) on the agent's own libvirt, with
/// the agent's answers read back into the same results (<see cref="AgentVmAnswers"/>). Plans are kept where the
/// host's plans are kept, and an apply or a creation names the plan that was shown, so only that plan is applied.
/// </summary>
public sealed class VmOperations(VmSteps vms, RemoteSteps remote, StepOperations steps)
{
    /// <summary>The VMs and where step 4's changes go: here this app's libvirt for the host, for an agent's host the agent's own (its <c>--connect</c>, else qemu:///system).</summary>
    public async Task<VmListing> ListAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return AgentVmAnswers.List(host, await remote.ListVmsAsync(host, actor, ct));
        return new VmListing
        {
            Vms = await vms.ListAsync(host, null, ct),
            Connection = vms.ConnectionOf(host, null),
            ChangesLibvirt = vms.ChangesLibvirt(host, null),
            Target = vms.LibvirtTarget(host, null),
        };
    }

    /// <summary>
    /// The libvirt step 4 uses for the host before its VMs are read: this app's for its own hosts; null for an agent's
    /// host, whose agent names its own with its list (<see cref="VmListing.Connection"/>).
    /// </summary>
    public string? ConnectionOf(StepHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsAgent ? null : vms.ConnectionOf(host, null);
    }

    /// <summary>Plans step 4 for an existing VM and shows the plan (on the agent for an agent's host: the agent's plan id).</summary>
    public async Task<VmPlanResult> PlanAsync(StepHost host, VmStepOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        // The agent's own libvirt: the card names none.
        options = options with { Connection = null };
        if (!host.IsAgent) return await vms.PlanAsync(host, options, ct, actor.Name);
        return AgentVmAnswers.Plan(options, await remote.PlanAsync(host, VmSteps.RequestOf(options), actor, ct));
    }

    /// <summary>Applies the plan <paramref name="shown"/> by its id: nothing is changed when the VM or the host no longer gives it.</summary>
    public async Task<VmApplyResult> ApplyAsync(StepHost host, VmStepOptions options, VmPlanResult shown, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(actor);
        options = options with { Connection = null };
        if (!host.IsAgent) return await vms.ApplyAsync(host, options, actor, ct, shown.PlanId);
        if (shown.PlanId is not { } planId)
            return new VmApplyResult { Outcome = StepApplyOutcome.Refused, Message = "Nothing was changed: there is no plan to apply.", Planned = shown };
        return AgentVmAnswers.Apply(options, actor, await remote.ApplyAsync(host, planId, actor, ct));
    }

    /// <summary>Asks the VM to shut down cleanly (ACPI), recorded in the host's history (the agent's, for an agent's host).</summary>
    public async Task<Permitted<LibvirtResult<string>>> ShutdownAsync(StepHost host, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        return host.IsAgent
            ? AgentVmAnswers.Shutdown(vm, actor, await remote.ShutdownVmAsync(host, vm, actor, ct))
            : await vms.ShutdownAsync(host, null, vm, actor, ct);
    }

    /// <summary>The host's CPUs and memory for a new VM's defaults; null when an agent's host could not be asked.</summary>
    public async Task<HostResources?> HostResourcesAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsAgent ? AgentVmAnswers.HostResources(await remote.VmHostResourcesAsync(host, actor, ct)) : VmSteps.HostResourcesOf(host);
    }

    /// <summary>Plans a new VM and shows the plan (on the agent for an agent's host).</summary>
    public async Task<VmCreationResult> PlanCreateAsync(StepHost host, NewVmRequest request, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        return host.IsAgent
            ? AgentVmAnswers.Creation(request, await remote.PlanNewVmAsync(host, request, actor, ct))
            : await vms.PlanCreateAsync(host, request, null, ct, actor.Name);
    }

    /// <summary>Creates the VM the plan <paramref name="shown"/> previewed, by its id, for the same form.</summary>
    public async Task<VmApplyResult> CreateAsync(StepHost host, NewVmRequest request, VmCreationResult shown, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(actor);
        if (!host.IsAgent) return await vms.CreateAsync(host, request, null, actor, ct, shown.PlanId);
        if (shown.PlanId is not { } planId)
            return new VmApplyResult { Outcome = StepApplyOutcome.Refused, Message = "Nothing was created: there is no plan to apply.", Creation = shown };
        return AgentVmAnswers.Create(request, actor, await remote.CreateVmAsync(host, request, planId, actor, ct));
    }

    /// <summary>The host's history (the agent's for an agent's host; null while it cannot answer), where step 4's card finds its latest change set.</summary>
    public Task<StepHistory?> HistoryAsync(StepHost host, Actor actor, CancellationToken ct) => steps.HistoryAsync(host, actor, ct);

    /// <summary>Rolls back one of the host's change sets (the agent's for an agent's host).</summary>
    public Task<Permitted<RollbackResult>> RollbackAsync(StepHost host, Guid changeSetId, Actor actor, CancellationToken ct) => steps.RollbackAsync(host, changeSetId, actor, ct);
}
