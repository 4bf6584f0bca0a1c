using Microsoft.AspNetCore.SignalR;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Plans;
using PassthroughWeb.Web.Agents;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// Steps on an agent's host, asked from the hub: the one place that decides who may ask (the hub's roles), finds the
/// host's live connection and waits, bounded, for the agent's answer. The API's step routes come through here for
/// agent hosts; the agent runs the same operations on its own root (<see cref="AgentSteps"/>).
/// </summary>
public sealed class RemoteSteps(AgentConnections connections, IHubContext<AgentHub, IAgentClient> hub, AgentHubSettings settings, ILogger<RemoteSteps> logger)
{
    /// <summary>A plan is a scan and a planner run: seconds, even on a large host.</summary>
    public static readonly TimeSpan PlanTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An apply runs the host's commands (a rebuilt initramfs takes a minute or two on a slow disk).</summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);

    public Task<StepAnswer> PlanAsync(StepHost host, ShownPlanRequest plan, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "plan", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, Plan = plan },
            (client, request, token) => client.Plan(request, token), ct);

    public Task<StepAnswer> ApplyAsync(StepHost host, string planId, Actor actor, CancellationToken ct)
    {
        return AskAsync(host, actor, "apply", ApplyTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, PlanId = planId },
            (client, request, token) => client.Apply(request, token), ct, operatorTo: "apply changes");
    }

    public Task<StepAnswer> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        return AskAsync(host, actor, "verify", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role },
            (client, request, token) => client.Verify(request, token), ct, operatorTo: "verify changes");
    }

    public Task<StepAnswer> RollbackAsync(StepHost host, Guid changeSetId, bool force, Actor actor, CancellationToken ct)
    {
        return AskAsync(host, actor, "rollback", ApplyTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, ChangeSetId = changeSetId, Force = force },
            (client, request, token) => client.Rollback(request, token), ct, operatorTo: "roll back changes");
    }

    /// <summary>
    /// A rehearsal boots the host's kernel under QEMU on the agent's host with <paramref name="boot"/>'s accelerator and
    /// timeout: minutes, as an apply, and longer when the boot may take longer.
    /// </summary>
    public Task<StepAnswer> RehearseAsync(StepHost host, ShownPlanRequest plan, Core.Rehearsal.RehearsalBootOptions boot, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "rehearse a reboot") is { } denied) return Task.FromResult(StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message));
        // The image is built before the boot and the guest's report is read after it: a margin over the boot's own limit.
        var timeout = boot.Timeout + TimeSpan.FromMinutes(2) > ApplyTimeout ? boot.Timeout + TimeSpan.FromMinutes(2) : ApplyTimeout;
        return AskAsync(host, actor, "rehearsal", timeout,
            new AgentStepRequest { User = actor.Name, Role = actor.Role, Plan = plan, Accelerator = boot.Accelerator, RehearsalTimeoutSeconds = (int)Math.Ceiling(boot.Timeout.TotalSeconds) },
            (client, request, token) => client.Rehearse(request, token), ct);
    }

    /// <summary>The agent's history of its host: change sets and events live on the agent, which must be connected.</summary>
    public Task<StepAnswer> HistoryAsync(StepHost host, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "history", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role },
            (client, request, token) => client.History(request, token), ct);

    /// <param name="operatorTo">What the request does, when it changes the host: only an Operator may ask, checked here before the agent is asked.</param>
    private async Task<StepAnswer> AskAsync(StepHost host, Actor actor, string what, TimeSpan timeout, AgentStepRequest request,
        Func<IAgentClient, AgentStepRequest, CancellationToken, Task<StepAnswer>> ask, CancellationToken ct, string? operatorTo = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (operatorTo is not null && actor.Check(Role.Operator, operatorTo) is { } denied) return StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message);
        if (connections.Find(host.Name) is not { } connection)
            return StepAnswer.Refused(StepAnswerRefusal.Offline,
                $"Nothing was done: {host.Name}'s agent is offline, and steps on an agent's host run through its agent. Start the agent on {host.Name} (deploy/passthroughweb-agent.service) and ask again.");
        timeout = settings.AnswerTimeout ?? timeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            // An agent of a version without these steps answers nothing the hub can read.
            var answer = await ask(hub.Clients.Client(connection.ConnectionId), request, bounded.Token)
                ?? StepAnswer.Refused(StepAnswerRefusal.NoAnswer, $"{host.Name}'s agent gave an empty answer to the {what}: update PassthroughWeb on {host.Name} to this hub's version.");
            logger.LogInformation("The agent of {Host} answered the {What} of {User}: {Refusal}", host.Name, what, actor.Name, answer.Refusal?.ToString() ?? "a document");
            return answer;
        }
        // SignalR ends a client-result call its token cancelled with an exception of its own (not always an OperationCanceledException): the token says why.
        catch (Exception e) when (e is OperationCanceledException or IOException or HubException or InvalidOperationException && bounded.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return StepAnswer.Refused(StepAnswerRefusal.NoAnswer,
                $"{host.Name}'s agent did not answer the {what} within {timeout.TotalSeconds:0} s. " +
                (what is "apply" or "rollback" ? $"It may still be at work: {host.Name}'s history (or `PassthroughWeb history` there) tells whether it finished." : "Nothing was changed; ask again."));
        }
        catch (Exception e) when (e is IOException or HubException or InvalidOperationException)
        {
            // The connection closed while the agent worked, or the agent's handler failed: its message says which.
            logger.LogWarning(e, "The {What} on {Host} through its agent failed", what, host.Name);
            return StepAnswer.Refused(StepAnswerRefusal.NoAnswer,
                $"{host.Name}'s agent gave no answer to the {what}: {e.Message}" + (what is "apply" or "rollback" ? $" {host.Name}'s history tells whether it finished." : ""));
        }
    }

    /// <summary>Step 5's checks on the agent's host: any signed-in user may look, as on this app's own hosts.</summary>
    public Task<StepAnswer> CheckGuestAsync(StepHost host, AgentGuestRequest guest, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "guest check", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, Guest = guest },
            (client, request, token) => client.CheckGuest(request, token), ct);

    /// <summary>Step 5 marked done in the agent's history (the host's history lives there).</summary>
    public Task<StepAnswer> MarkGuestDriversDoneAsync(StepHost host, AgentGuestRequest guest, Actor actor, CancellationToken ct)
    {
        return AskAsync(host, actor, "marking of step 5", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, Guest = guest },
            (client, request, token) => client.MarkGuestDriversDone(request, token), ct, operatorTo: "mark steps done");
    }

    /// <summary>Step 4's list of the agent's VMs: a read, for any signed-in role.</summary>
    public Task<StepAnswer> ListVmsAsync(StepHost host, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "list of VMs", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role },
            (client, request, token) => client.ListVms(request, token), ct);

    /// <summary>Asks a VM to shut down cleanly (ACPI): a change to a VM, for an Operator.</summary>
    public Task<StepAnswer> ShutdownVmAsync(StepHost host, string vm, Actor actor, CancellationToken ct)
    {
        return AskAsync(host, actor, "shutdown", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, Vm = vm },
            (client, request, token) => client.ShutdownVm(request, token), ct, operatorTo: "shut VMs down");
    }

    public Task<StepAnswer> VmHostResourcesAsync(StepHost host, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "CPUs and memory", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role },
            (client, request, token) => client.VmHostResources(request, token), ct);

    /// <summary>Plans a new VM: a plan is shown, not applied, so any signed-in role may ask.</summary>
    public Task<StepAnswer> PlanNewVmAsync(StepHost host, Core.VirtualMachines.Creation.NewVmRequest newVm, Actor actor, CancellationToken ct) =>
        AskAsync(host, actor, "plan", PlanTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, NewVm = newVm },
            (client, request, token) => client.PlanNewVm(request, token), ct);

    /// <summary>Creates the VM of the plan the agent showed (<paramref name="planId"/>) for the same form: an Operator's change.</summary>
    public Task<StepAnswer> CreateVmAsync(StepHost host, Core.VirtualMachines.Creation.NewVmRequest newVm, string planId, Actor actor, CancellationToken ct)
    {
        // "apply": a creation is the apply of a plan, and may still be at work when the wait ends.
        return AskAsync(host, actor, "apply", ApplyTimeout, new AgentStepRequest { User = actor.Name, Role = actor.Role, NewVm = newVm, PlanId = planId },
            (client, request, token) => client.CreateVm(request, token), ct, operatorTo: "create VMs");
    }
}
