using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Step 5 of any host as the pages ask for it: the checks of the VM and its guest, and "mark step 5 done". This app's own
/// hosts through <see cref="VmSteps"/>; an agent's host through its agent (<see cref="RemoteSteps"/>, which checks the
/// role before asking), on the agent's own libvirt and in the agent's history, with its <c>guest --json</c> answer read
/// back into the same report (<see cref="AgentAnswers"/>). The one path of the step 5 card, so it is not forked.
/// </summary>
/// <param name="remote">
/// The hub's link to its agents. Only the web app has one: the CLI and the agent name hosts by their root, never an
/// agent's host, and build the engine without it.
/// </param>
public sealed class GuestOperations(VmSteps vms, RemoteSteps? remote = null)
{
    /// <summary>The checks the app makes itself on the VM (running, the card in its live XML, the guest agent's view), the driver advice, and when step 5 was marked done.</summary>
    public async Task<GuestStepReport> CheckAsync(StepHost host, PciAddress gpu, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (!host.IsAgent || remote is null) return await vms.CheckGuestAsync(host, gpu, vm, connection: null, ct);
        return AgentAnswers.Guest(vm, await remote.CheckGuestAsync(host, GuestRequest(gpu, vm), actor, ct));
    }

    /// <summary>Records that the user saw the driver work in the VM (the Operator role), in the host's history, then checks again.</summary>
    public async Task<Permitted<GuestDoneResult>> MarkDoneAsync(StepHost host, PciAddress gpu, string vm, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent)
            return remote is null
                ? new Permitted<GuestDoneResult>(new GuestDoneResult { Marked = false, Message = host.AgentChangesUnavailable })
                : AgentAnswers.GuestDone(vm, actor, await remote.MarkGuestDriversDoneAsync(host, GuestRequest(gpu, vm), actor, ct));
        if ((await vms.CheckGuestAsync(host, gpu, vm, connection: null, ct)).Problem is { } why)
            return new Permitted<GuestDoneResult>(new GuestDoneResult { Marked = false, Message = $"{VmSteps.NotMarkedUnchecked} {why}" });
        var marked = await vms.MarkGuestDriversDoneAsync(host, vm, gpu, actor, ct);
        if (marked.Denied is { } denied) return new Permitted<GuestDoneResult>(denied);
        return new Permitted<GuestDoneResult>(new GuestDoneResult
        {
            Marked = true,
            Message = $"Step 5 is marked done for {vm}: the history records it.",
            Report = await vms.CheckGuestAsync(host, gpu, vm, connection: null, ct),
        });
    }

    private static AgentGuestRequest GuestRequest(PciAddress gpu, string vm) => new() { Vm = vm, Gpu = gpu.ToString() };
}
