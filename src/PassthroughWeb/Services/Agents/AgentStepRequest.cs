using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Plans;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// What the hub asks an agent to run on its host for one of the hub's users: the plan's request (as a shown plan keeps
/// it), or the id of a plan the agent showed. The hub has checked the user's role; the agent records the user by name.
/// </summary>
public sealed record AgentStepRequest
{
    /// <summary>The hub user's name: the agent's history says "alice via hub".</summary>
    public required string User { get; init; }

    public required Role Role { get; init; }

    /// <summary>Plan: the steps, card and options.</summary>
    public ShownPlanRequest? Plan { get; init; }

    /// <summary>Apply: the id the agent's plan answered.</summary>
    public string? PlanId { get; init; }

    /// <summary>Rollback: the agent's change set, by the id its apply answered.</summary>
    public Guid? ChangeSetId { get; init; }

    /// <summary>Rollback: also files edited since the change set wrote them, as <c>rollback --force</c>.</summary>
    public bool Force { get; init; }

    /// <summary>Step 5's check and its "done": the VM and the card.</summary>
    public AgentGuestRequest? Guest { get; init; }

    /// <summary>Rehearse: the accelerator chosen (<c>rehearse --accel</c>); null, as an older hub sends it, is auto.</summary>
    public Core.Rehearsal.AcceleratorChoice? Accelerator { get; init; }

    /// <summary>Rehearse: how long the guest may take, in seconds (<c>rehearse --timeout</c>); null is the rehearsal's default.</summary>
    public int? RehearsalTimeoutSeconds { get; init; }

    /// <summary>The boot the hub asked a rehearsal for; what it left out keeps the rehearsal's defaults (an older hub sends neither).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Core.Rehearsal.RehearsalBootOptions Boot
    {
        get
        {
            var boot = new Core.Rehearsal.RehearsalBootOptions { Accelerator = Accelerator ?? Core.Rehearsal.AcceleratorChoice.Auto };
            return RehearsalTimeoutSeconds is int seconds and > 0 ? boot with { Timeout = TimeSpan.FromSeconds(seconds) } : boot;
        }
    }

    /// <summary>Step 4's shutdown: the VM (its libvirt name) asked to shut down cleanly.</summary>
    public string? Vm { get; init; }

    /// <summary>Step 4's new VM: the form as the hub's page filled it (planned, or created by <see cref="PlanId"/>).</summary>
    public Core.VirtualMachines.Creation.NewVmRequest? NewVm { get; init; }

    /// <summary>The actor as the agent records it: the hub's user, through the hub.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Actor Actor => new($"{User} via hub", Role, AuthenticationMethod.Token);
}
