using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Web.Agents;

/// <summary>What <see cref="AgentHub"/> may call on an agent.</summary>
public interface IAgentClient
{
    /// <summary>The agent's token was revoked: the hub closes the connection next, and will refuse the token from now on.</summary>
    Task Revoked(string message);

    /// <summary>Plans steps 2 and 3, or step 4 on the agent's own libvirt, on the agent's host and shows the plan there (its id is the agent's).</summary>
    Task<StepAnswer> Plan(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Applies a plan the agent showed, by its id.</summary>
    Task<StepAnswer> Apply(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Verifies the newest applied change set on the agent's host.</summary>
    Task<StepAnswer> Verify(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Rolls back one of the agent's change sets, by its id.</summary>
    Task<StepAnswer> Rollback(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>The agent's history of its host: change sets and events, as <c>history --json</c>.</summary>
    Task<StepAnswer> History(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Rehearses the reboot of steps 2 and 3 on the agent's host under QEMU, as <c>rehearse --json</c> with the accelerator and timeout asked (its defaults otherwise); its progress lines come as events.</summary>
    Task<StepAnswer> Rehearse(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Step 5's checks of a VM on the agent's own libvirt, as <c>guest --json</c>.</summary>
    Task<StepAnswer> CheckGuest(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Records step 5 done for a VM in the agent's history, then checks it again, as <c>guest --done --json</c>; the agent reports its steps again after answering.</summary>
    Task<StepAnswer> MarkGuestDriversDone(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>The VMs of the agent's own libvirt, as <c>vms --json</c> (with where step 4's changes go, and libvirt's error when it did not answer).</summary>
    Task<StepAnswer> ListVms(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Asks a VM of the agent's libvirt to shut down cleanly (ACPI), recorded in the agent's history; answers its VMs afterwards, as <c>vms --json</c>.</summary>
    Task<StepAnswer> ShutdownVm(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>The CPUs and memory of the agent's host, which a new VM's size is measured against.</summary>
    Task<StepAnswer> VmHostResources(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Plans a new VM on the agent's libvirt and shows the plan there, as <c>create-vm --json</c> without <c>--yes</c>.</summary>
    Task<StepAnswer> PlanNewVm(AgentStepRequest request, CancellationToken cancellationToken);

    /// <summary>Creates the new VM of a plan the agent showed (by its id, for the same form), as <c>create-vm --yes --json</c>.</summary>
    Task<StepAnswer> CreateVm(AgentStepRequest request, CancellationToken cancellationToken);
}
