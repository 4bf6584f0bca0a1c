using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services.Rollouts;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// Staged rollouts over several hosts (docs/api.md, Rollouts): create (each host planned, the plans side by side),
/// start, verify, roll back (Operators), read and list (any signed-in user). The driver on the hub moves a started
/// rollout on; these routes answer the rollout as it stands.
/// </summary>
public static class RolloutsApi
{
    private const string Accepted =
        "{\"hosts\": [\"gpu-node-017\", \"gpu-node-018\"], \"batchSize\": 2, \"gpu\": \"0000:03:00.0\", \"steps\": [\"host\", \"isolate\"]} " +
        "with optional \"singleGpu\" and \"extras\" as for POST /api/hosts/{name}/plan; the first host is the canary (see docs/api.md).";

    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var rollouts = api.MapGroup("/rollouts").WithTags("Rollouts");
        rollouts.MapGet("", ListAsync).WithName("ListRollouts")
            .WithSummary("The newest rollouts first")
            .WithDescription("Each rollout's document without its plans (GET /api/rollouts/{id} has them). `limit` (1 to 500, 50 unless given).")
            .Produces<IReadOnlyList<RolloutDocument>>();
        rollouts.MapPost("", CreateAsync).WithName("CreateRollout")
            .WithSummary("Plan steps 2 and/or 3 on several hosts, side by side, as a rollout to start")
            .WithDescription("Needs the Operator role and an access token. Plans every host (an agent's through its agent) and answers the rollout with each host's `plan --json` document; nothing is applied until it is started. The first host is the canary; after it, `batchSize` hosts at a time. 404 for an unknown host.")
            .Accepts<RolloutRequestBody>("application/json")
            .Produces<RolloutDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        rollouts.MapGet("/{id}", GetAsync).WithName("GetRollout")
            .WithSummary("A rollout as it stands, with each host's plan")
            .WithDescription("Any signed-in user. The rollout document: its state, each host's state, change set and the `plan --json` document it was shown, and `next`: what it does or waits for and what to do.")
            .Produces<RolloutDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        rollouts.MapPost("/{id}/start", StartAsync).WithName("StartRollout")
            .WithSummary("Start a planned rollout: the canary first")
            .WithDescription("Needs the Operator role and an access token. Applies the canary by the plan id it was shown under; each next batch starts when every host before it verified after its reboot. Stops at the first refused or stale plan, failed apply or failed verification. 409 when it was started already or a host has no plan.")
            .Produces<RolloutDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        rollouts.MapPost("/{id}/verify", VerifyAsync).WithName("VerifyRollout")
            .WithSummary("Verify now the hosts that wait for their reboot")
            .WithDescription("Needs the Operator role and an access token. An agent's host is verified by itself when its agent reports after the reboot; this asks for every waiting host now (a host not rebooted yet keeps waiting). 409 when the rollout is not running.")
            .Produces<RolloutDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        rollouts.MapPost("/{id}/rollback", RollbackAsync).WithName("RollBackRollout")
            .WithSummary("Roll back every change set the rollout applied")
            .WithDescription("Needs the Operator role and an access token. The last applied first, each on its host (an agent's through its agent); a running rollout is stopped first. 409 while an apply is under way or when nothing is applied.")
            .Produces<RolloutDocument>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> ListAsync(RolloutOperation rollouts, CancellationToken ct, int? limit = null)
    {
        var list = await rollouts.ListAsync(limit ?? 50, ct);
        IReadOnlyList<RolloutDocument> documents = [.. list.Select(r => RolloutDocumentMapper.Map(r, new Dictionary<string, string?>()))];
        return ApiResults.Document(documents, CliJsonContext.Output.IReadOnlyListRolloutDocument);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, RolloutOperation rollouts, CancellationToken ct)
    {
        var (body, problem) = await ApiRequestBody.ReadAsync<RolloutRequestBody>(context.Request, Accepted, optional: false, ct);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (body.Hosts is not { Count: > 0 } hosts) return ApiResults.BadRequest($"\"hosts\" is required: send {Accepted}");
        if (body.Steps?.Contains("vm", StringComparer.OrdinalIgnoreCase) == true)
            return ApiResults.BadRequest("A rollout applies steps 2 and/or 3 (\"host\", \"isolate\"), the steps that need a reboot; step 4 changes a VM and needs none.");
        var steps = new StepRequestBody { Gpu = body.Gpu, Steps = body.Steps, SingleGpu = body.SingleGpu, Extras = body.Extras }.Read(out problem);
        if (steps is null) return ApiResults.BadRequest(problem!);
        var request = new RolloutRequest { Hosts = hosts, Steps = steps.HostSteps, Gpu = steps.Gpu, Options = steps.Options, BatchSize = body.BatchSize };
        return ApiResults.Rollout(await rollouts.CreateAsync(request, ClaimsActor.From(context.User), ct));
    }

    private static async Task<IResult> GetAsync(string id, RolloutOperation rollouts, CancellationToken ct) =>
        ApiResults.Rollout(await rollouts.GetAsync(id, ct));

    private static async Task<IResult> StartAsync(string id, HttpContext context, RolloutOperation rollouts, CancellationToken ct) =>
        ApiResults.Rollout(await rollouts.StartAsync(id, ClaimsActor.From(context.User), ct));

    private static async Task<IResult> VerifyAsync(string id, HttpContext context, RolloutOperation rollouts, CancellationToken ct) =>
        ApiResults.Rollout(await rollouts.VerifyAsync(id, ClaimsActor.From(context.User), ct));

    private static async Task<IResult> RollbackAsync(string id, HttpContext context, RolloutOperation rollouts, CancellationToken ct) =>
        ApiResults.Rollout(await rollouts.RollbackAsync(id, ClaimsActor.From(context.User), ct));
}
