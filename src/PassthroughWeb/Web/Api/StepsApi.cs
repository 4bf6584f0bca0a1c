using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Plans;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// The steps on one host: plan (any signed-in user), apply, verify and rehearse (Operators). Each reads its request as
/// the CLI does and answers the CLI's document; <see cref="ApiResults"/> decides the status.
/// </summary>
public static class StepsApi
{
    /// <summary>What the step routes take, for the message when a body is not it.</summary>
    private const string Accepted =
        "{\"gpu\": \"0000:07:00.0\", \"steps\": [\"host\", \"isolate\"]} with optional \"singleGpu\" (true/false) and \"extras\" (kernel parameters of step 2), " +
        "or {\"gpu\": \"0000:07:00.0\", \"steps\": [\"vm\"], \"vm\": \"win11\"} with optional \"hideHypervisor\", \"vendorId\" and \"rom\" (see docs/api.md).";

    public static RouteGroupBuilder MapStepsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var steps = api.MapGroup("/hosts/{name}").WithTags("Steps");
        steps.MapPost("/plan", PlanAsync).WithName("PlanSteps")
            .WithSummary("Plan steps 2 and 3, or step 4, for a card")
            .WithDescription("Changes nothing. Steps 2 and 3 answer the `plan --json` document (each file's before, after and diff, the commands, refusals) with its `planId`, kept 7 days as shown to the caller: apply takes that id; step 4 (`\"steps\": [\"vm\"]`) answers the `plan --steps vm --json` document. A refused or manual plan is still a plan: its `outcome` says so. On an agent's host, steps 2, 3 and 4 run there through its agent (step 4 on the agent's own libvirt) and the answer is the agent's document; 503 when its agent is offline, 504 when it does not answer in time (see docs/api.md).")
            .Accepts<StepRequestBody>("application/json")
            .Produces<PlanDocument>()
            .Produces<VmPlanDocument>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        steps.MapPost("/apply", ApplyAsync).WithName("ApplySteps")
            .WithSummary("Apply exactly the plan that was shown, as one change set")
            .WithDescription("Needs the Operator role and an access token. Steps 2 and 3: {\"planId\": \"pl_…\"}, the id POST …/plan answered; the host is changed only while it still gives that very plan (409 names what changed), and one change set at a time per host (423 names who and what holds it). Answers the `apply --json` document with the change set's id (`changeSetId`); its `outcome` says whether it was applied, refused, failed and undone, or had nothing to do. A plan of step 4 (the VM) answers the `apply --steps vm --json` document. On an agent's host, steps 2, 3 and 4 run there through its agent (step 4 on the agent's own libvirt) and the answer is the agent's document; 503 when its agent is offline, 504 when it does not answer in time (see docs/api.md).")
            .Accepts<ApplyRequestBody>("application/json")
            .Produces<ApplyDocument>()
            .Produces<VmApplyDocument>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status423Locked, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        steps.MapPost("/verify", VerifyAsync).WithName("VerifySteps")
            .WithSummary("Verify the newest applied change set after the reboot")
            .WithDescription("Needs the Operator role and an access token. Checks that steps 2 and 3 of the host's newest applied change set hold and records the result; answers the `verify --json` document (`passed`, `failed`, `rebootNeeded` or `nothingToVerify`). On an agent's host, the verification runs there through its agent and the answer is the agent's document; 503 when its agent is offline, 504 when it does not answer in time (see docs/api.md).")
            .Produces<VerifyDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        steps.MapPost("/rehearse", RehearseAsync).WithName("RehearseSteps")
            .WithSummary("Rehearse the reboot of steps 2 and 3 under QEMU")
            .WithDescription("Needs the Operator role and an access token. The same body as plan (steps 2 and 3 with a card); boots the host's kernel with the image the plan would give it, as `rehearse` does with its defaults (180 s, KVM when it works), and answers the `rehearse --json` document. Changes nothing on the host; the result goes into its history. 423 while another change holds the host. On an agent's host the agent rehearses there and the answer is its document; 503 when its agent is offline, 504 when it does not answer in time (see docs/api.md).")
            .Accepts<StepRequestBody>("application/json")
            .Produces<RehearsalDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status423Locked, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return api;
    }

    private static async Task<IResult> PlanAsync(string name, HttpContext context, HostLookup hosts, StepDocuments documents, VmSteps vms, RemoteSteps remote, CancellationToken ct)
    {
        var (request, problem) = await ReadAsync(context, ct);
        if (request is null) return ApiResults.BadRequest(problem!);
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        var actor = ClaimsActor.From(context.User);
        if (request.Vm is { } vm)
        {
            // Step 4 on an agent's host runs on the agent's own libvirt, which keeps the plan under its own id.
            if (host.IsAgent) return ApiResults.Step(await remote.PlanAsync(host, VmSteps.RequestOf(vm), actor, ct));
            return ApiResults.VmPlan(host, await vms.PlanAsync(host, vm, ct, actor.Name));
        }
        // Shown to the caller: kept under its id (here, or on the agent) for an apply by that id, from this API or any other door.
        return ApiResults.Step(await documents.PlanAsync(host, request.Gpu, request.HostSteps, request.Options, actor, ct));
    }

    /// <summary>What apply takes, for the message when a body is not it.</summary>
    private const string ApplyAccepted = "{\"planId\": \"pl_…\"}, the planId POST /api/hosts/{name}/plan answered (see docs/api.md).";

    /// <summary>
    /// Applied only by the id of a plan that was shown (steps 2 and 3, or the VM step), and only while the host still
    /// gives that plan: the engine answers Stale otherwise, and Busy while another change holds the host.
    /// </summary>
    private static async Task<IResult> ApplyAsync(string name, HttpContext context, HostLookup hosts, StepDocuments documents, PlanFingerprints plans, VmSteps vms, CancellationToken ct)
    {
        var json = await ApiRequestBody.ReadBytesAsync(context.Request, ct);
        if (json.Length == 0) return ApiResults.BadRequest($"The request needs a JSON body: {ApplyAccepted}");
        var actor = ClaimsActor.From(context.User);
        if (ApiRequestBody.HasSteps(json))
            return ApiResults.BadRequest("A plan is applied by the id it was shown under, so that nothing else is applied: POST /api/hosts/{name}/plan with this body, read the plan, then send {\"planId\": \"pl_…\"} with the planId it answered.");
        var (body, problem) = ApiRequestBody.Parse<ApplyRequestBody>(json, ApplyAccepted);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (string.IsNullOrWhiteSpace(body.PlanId)) return ApiResults.BadRequest($"\"planId\" is required: send {ApplyAccepted}");
        if (!Core.Changes.PlanIdentity.IsWellFormedId(body.PlanId))
            return ApiResults.BadRequest($"'{body.PlanId}' is not a plan id: send the planId POST /api/hosts/{{name}}/plan answered (pl_ and 24 hex digits).");
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        // A plan shown here is looked up here, to say which of its 409s applies and whether it is step 4's; an agent's
        // plan was shown on the agent, under the agent's id: the agent keeps it and checks it (step 4's too).
        if (!host.IsAgent)
        {
            if (await plans.FindAsync(body.PlanId, ct) is not { } shown) return ApiResults.PlanNotShown(body.PlanId);
            if (shown.Host != host.Name) return ApiResults.PlanOfAnotherHost(shown.Id, shown.Host, host.Name);
            if (VmSteps.OptionsOf(shown) is { } vm) return ApiResults.VmApply(host, await vms.ApplyAsync(host, vm, actor, ct, shown.Id));
        }
        return ApiResults.Step(await documents.ApplyAsync(host, body.PlanId, actor, ct));
    }

    private static async Task<IResult> VerifyAsync(string name, HttpContext context, HostLookup hosts, StepDocuments documents, CancellationToken ct)
    {
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        return ApiResults.Step(await documents.VerifyAsync(host, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> RehearseAsync(string name, HttpContext context, HostLookup hosts, StepDocuments documents, CancellationToken ct)
    {
        var (request, problem) = await ReadAsync(context, ct);
        if (request is null) return ApiResults.BadRequest(problem!);
        if (request.Vm is not null) return ApiResults.BadRequest("A rehearsal boots the host with steps 2 and 3: give \"steps\": [\"host\", \"isolate\"] (or one of them) and \"gpu\". Step 4 changes a VM, which needs no reboot to rehearse.");
        if (request.Gpu is not { } gpu) return ApiResults.BadRequest("\"gpu\" is required for a rehearsal: the card whose isolation the guest checks, by the address `scan` lists (07:00.0).");
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        // With the rehearsal's defaults; on an agent's host the agent rehearses there (the kernel to boot is its host's).
        return ApiResults.Step(await documents.RehearseAsync(host, gpu, request.HostSteps, request.Options, new RehearsalBootOptions(), ClaimsActor.From(context.User), progress: null, ct));
    }

    /// <summary>The body read as the CLI reads its options; null and what is accepted on bad input.</summary>
    private static async Task<(StepRequest? Request, string? Problem)> ReadAsync(HttpContext context, CancellationToken ct)
    {
        var (body, problem) = await ApiRequestBody.ReadAsync<StepRequestBody>(context.Request, Accepted, optional: false, ct);
        if (body is null) return (null, problem);
        var request = body.Read(out problem);
        return (request, problem);
    }
}
