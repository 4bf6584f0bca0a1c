using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// Step 4's VMs (the list, a clean shutdown, a new VM) and step 5 on one host, this app's own or an agent's: reading
/// and planning for any signed-in user, changes for Operators. Each answers the CLI's document through
/// <see cref="VmDocuments"/>; <see cref="ApiResults.Step"/> decides the status.
/// </summary>
public static class VmsApi
{
    /// <summary>What the new-VM routes take, for the message when a body is not it.</summary>
    private const string NewVmAccepted =
        "{\"name\": \"win11\", \"iso\": \"/var/lib/libvirt/images/Win11_24H2.iso\"} with optional \"windows\" (\"10\" or \"11\"), \"gpu\" (07:00.0), \"vcpus\", " +
        "\"memory\" (\"16G\"), \"disk\" (\"128G\"), \"pool\", \"network\" (a libvirt network, or \"bridge:br0\") and \"virtioIso\" (see docs/api.md).";

    private const string CreateAccepted = "{\"planId\": \"pl_…\"} with the same form POST /api/hosts/{name}/vms/plan planned: " + NewVmAccepted;

    private const string GuestAccepted = "{\"gpu\": \"07:00.0\", \"vm\": \"win11\"}: the card and the VM it was given to (see docs/api.md).";

    private const string OnAgentsHost = "On an agent's host it runs there through its agent, on the agent's own libvirt, and the answer is the agent's document; 503 when its agent is offline, 504 when it does not answer in time (see docs/api.md).";

    public static RouteGroupBuilder MapVmsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var vms = api.MapGroup("/hosts/{name}").WithTags("Virtual machines");
        vms.MapGet("/vms", ListAsync).WithName("ListVms")
            .WithSummary("The host's VMs, as step 4 reads them")
            .WithDescription("Answers the `vms --json` document: each VM's state and the PCI functions its definition takes, where step 4's changes go (`libvirt`, `changesLibvirt`), and `error` when libvirt could not be asked. " + OnAgentsHost)
            .Produces<VmListDocument>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        vms.MapPost("/vms/{vm}/shutdown", ShutdownAsync).WithName("ShutdownVm")
            .WithSummary("Ask a running VM to shut down cleanly, so step 4 can edit it")
            .WithDescription("Needs the Operator role and an access token. The ACPI power button (`vm-shutdown`): never forces the VM off; the guest decides when it stops. Recorded in the host's history. Answers the `vms --json` document right after (the VM may still be running for a while), with `error` when libvirt refused. " + OnAgentsHost)
            .Produces<VmListDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        vms.MapPost("/vms/plan", PlanAsync).WithName("PlanNewVm")
            .WithSummary("Plan a new Windows VM with the guide's choices")
            .WithDescription("Changes nothing. The same form as `create-vm`; answers the `create-vm --json` document (the domain XML, the disk, the findings) with its `planId`, kept 7 days: POST …/vms/create takes that id with the same form. A refused plan is still a plan: its findings say why. " + OnAgentsHost)
            .Accepts<NewVmRequestBody>("application/json")
            .Produces<CreateVmDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        vms.MapPost("/vms/create", CreateAsync).WithName("CreateVm")
            .WithSummary("Create the new VM of the plan that was shown, as one change set")
            .WithDescription("Needs the Operator role and an access token. {\"planId\": \"pl_…\"} with the same form the plan was made from: the disk is created and the VM defined only while the host still gives that very plan (409 otherwise, nothing created), one change at a time per host (423). Answers the `create-vm --yes --json` document with the change set's id; rolling it back undefines the VM and deletes its disk. " + OnAgentsHost)
            .Accepts<NewVmRequestBody>("application/json")
            .Produces<CreateVmDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status423Locked, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        vms.MapGet("/guest", CheckGuestAsync).WithName("CheckGuest")
            .WithSummary("Step 5: the card's driver in the guest")
            .WithDescription("?gpu=07:00.0&vm=win11. Changes nothing. Answers the `guest --json` document: the driver advice, the app's own checks (the VM running, the card in its live XML, the guest agent's view) and when step 5 was marked done. " + OnAgentsHost)
            .Produces<GuestDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        vms.MapPost("/guest/done", MarkGuestDoneAsync).WithName("MarkGuestDone")
            .WithSummary("Step 5 done: the driver works in the guest")
            .WithDescription("Needs the Operator role and an access token. Records in the host's history that the user saw the card's driver work in the VM, then answers the `guest --done --json` document (its `markedDoneAt`). " + OnAgentsHost)
            .Accepts<GuestRequestBody>("application/json")
            .Produces<GuestDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return api;
    }

    private static async Task<IResult> ListAsync(string name, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.ListVmsAsync(host, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> ShutdownAsync(string name, string vm, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.ShutdownVmAsync(host, vm, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> PlanAsync(string name, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        var (body, problem) = await ApiRequestBody.ReadAsync<NewVmRequestBody>(context.Request, NewVmAccepted, optional: false, ct);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (body.PlanId is not null)
            return ApiResults.BadRequest("\"planId\" belongs to POST /api/hosts/{name}/vms/create: a plan is made from the form alone. Send " + NewVmAccepted);
        if (body.Read(out problem) is not { } newVm) return ApiResults.BadRequest(problem!);
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        // Shown to the caller: kept under its id (here, or on the agent) for a creation by that id.
        return ApiResults.Step(await documents.PlanNewVmAsync(host, newVm, ClaimsActor.From(context.User), ct));
    }

    /// <summary>Created only by the id of a plan that was shown for this form, and only while the host still gives that plan.</summary>
    private static async Task<IResult> CreateAsync(string name, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        var (body, problem) = await ApiRequestBody.ReadAsync<NewVmRequestBody>(context.Request, CreateAccepted, optional: false, ct);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (string.IsNullOrWhiteSpace(body.PlanId))
            return ApiResults.BadRequest("\"planId\" is required: a VM is created only as the plan that was shown. POST /api/hosts/{name}/vms/plan with the form, read the plan, then send " + CreateAccepted);
        if (!Core.Changes.PlanIdentity.IsWellFormedId(body.PlanId))
            return ApiResults.BadRequest($"'{body.PlanId}' is not a plan id: send the planId POST /api/hosts/{{name}}/vms/plan answered (pl_ and 24 hex digits).");
        if (body.Read(out problem) is not { } newVm) return ApiResults.BadRequest(problem!);
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.CreateVmAsync(host, newVm, body.PlanId, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> CheckGuestAsync(string name, string? gpu, string? vm, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        if (ReadGuest(gpu, vm, "?gpu=07:00.0&vm=win11: the card and the VM it was given to (see docs/api.md).", out var problem) is not { } guest) return ApiResults.BadRequest(problem!);
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.CheckGuestAsync(host, guest.Gpu, guest.Vm, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> MarkGuestDoneAsync(string name, HttpContext context, HostLookup hosts, VmDocuments documents, CancellationToken ct)
    {
        var (body, problem) = await ApiRequestBody.ReadAsync<GuestRequestBody>(context.Request, GuestAccepted, optional: false, ct);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (ReadGuest(body.Gpu, body.Vm, GuestAccepted, out problem) is not { } guest) return ApiResults.BadRequest(problem!);
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.MarkGuestDriversDoneAsync(host, guest.Gpu, guest.Vm, ClaimsActor.From(context.User), ct));
    }

    /// <summary>Step 5's card and VM, as <c>guest</c> reads them; null and what is accepted when either is missing or the card is no address.</summary>
    private static (PciAddress Gpu, string Vm)? ReadGuest(string? gpu, string? vm, string accepted, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(gpu) || string.IsNullOrWhiteSpace(vm))
        {
            problem = $"Step 5 needs {(string.IsNullOrWhiteSpace(gpu) ? "\"gpu\"" : "\"vm\"")}: send {accepted}";
            return null;
        }
        if (StepRequestReader.ReadGpu(gpu, out problem) is not { } card) return null;
        return (card, vm);
    }
}
