using System.Text.Json.Serialization.Metadata;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// The one place the HTTP API turns the engine's answers into statuses. An operation that ran answers 200 with the
/// CLI's document, whose <c>outcome</c> says how it ended (a refused plan, a failed apply, a rollback already done),
/// exactly as the CLI prints it. A request the engine did not act on answers a problem (RFC 9457) saying why:
/// 400 bad input, 403 the role does not allow it (the operation's own message), 404 unknown host or change set,
/// 409 the plan shown is not what the host gives now (naming what changed), 423 another change holds the host.
/// </summary>
public static class ApiResults
{
    /// <summary>A document as the CLI prints it: the same serializer context, so the bytes are the same.</summary>
    public static IResult Document<T>(T document, JsonTypeInfo<T> type) => TypedResults.Json(document, type);

    public static IResult BadRequest(string message) => Problem(StatusCodes.Status400BadRequest, "The request is not one the API accepts", message);

    public static IResult NotAllowed(string message) => Problem(StatusCodes.Status403Forbidden, "Not allowed", message);

    public static IResult NotAllowed(NotAllowed denied)
    {
        ArgumentNullException.ThrowIfNull(denied);
        return NotAllowed(denied.Message);
    }

    public static IResult UnknownHost(string name) =>
        Problem(StatusCodes.Status404NotFound, "Unknown host", $"There is no host named '{name}': GET /api/hosts lists the hosts this app knows.");

    public static IResult UnknownChangeSet(Guid id) =>
        Problem(StatusCodes.Status404NotFound, "Unknown change set", $"There is no change set {id} here: GET /api/hosts/{{name}}/history lists a host's change sets. An agent's change sets are its own: roll them back with POST /api/hosts/{{name}}/change-sets/{{id}}/rollback.");

    public static IResult NoRoute(string method, string path) =>
        Problem(StatusCodes.Status404NotFound, "No such route", $"The API has no route {method} {path}: docs/api.md and {ApiRegistration.OpenApiPath} list every route.");

    public static IResult NotJson(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Send the body as JSON",
            $"The API takes request bodies as JSON (Content-Type: application/json), not {(string.IsNullOrEmpty(contentType) ? "a request without a Content-Type" : contentType)}: docs/api.md and {ApiRegistration.OpenApiPath} give each route's body.");

    /// <summary>A change asked with the sign-in cookie: only a token may change a host (see docs/security.md, cross-site requests).</summary>
    public static IResult TokenRequired() => Problem(StatusCodes.Status403Forbidden, "Use an access token",
        "Changes through the API need an access token (Authorization: Bearer pwt_…), not the browser's sign-in cookie, so no other web site can make a signed-in browser send them. Create one with `PassthroughWeb token create --user NAME` or on the Users page.");

    public static IResult VmPlan(StepHost host, VmPlanResult result) => Document(VmDocumentMapper.Plan(host, result), CliJsonContext.Output.VmPlanDocument);

    /// <summary>An apply by an id no plan was shown under (or shown longer ago than plans are kept).</summary>
    public static IResult PlanNotShown(string planId) => Problem(StatusCodes.Status409Conflict, "The plan is stale",
        $"Nothing was changed: no plan {planId} was shown in the last {Services.Plans.ShownPlans.Retention.TotalDays:0} days. POST /api/hosts/{{name}}/plan, read the plan, and apply the planId it answers.");

    public static IResult PlanOfAnotherHost(string planId, string planHost, string host) => Problem(StatusCodes.Status409Conflict, "The plan is for another host",
        $"Nothing was changed: plan {planId} was made for {planHost}, not {host}.");

    public static IResult VmApply(StepHost host, VmApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Denied: { } denied } => NotAllowed(denied),
            { Outcome: StepApplyOutcome.Stale } => Stale(result.Message),
            { Outcome: StepApplyOutcome.Busy } => Busy(result.Message),
            _ => Document(VmDocumentMapper.Apply(host, result), CliJsonContext.Output.VmApplyDocument),
        };
    }

    public static IResult Rollback(ChangeSet set, Permitted<RollbackResult> permitted)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        if (permitted.Denied is { } denied) return NotAllowed(denied);
        var result = permitted.Value;
        return result.Outcome == RollbackOutcome.Busy
            ? Busy(RollbackDocumentMapper.Message(set, result))
            : Document(RollbackDocumentMapper.Map(set, result), CliJsonContext.Output.RollbackDocument);
    }

    /// <summary>An import: the stored profile's document, or why nothing was stored.</summary>
    public static IResult Import(HostImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            HostImportOutcome.Imported => Document(ScanDocumentMapper.Map(result.Report!), CliJsonContext.Output.ScanDocument),
            HostImportOutcome.NotAllowed => NotAllowed(result.Message),
            HostImportOutcome.NameTaken => Problem(StatusCodes.Status409Conflict, "The name is taken", result.Message),
            _ => Problem(StatusCodes.Status400BadRequest, "Not a listing", result.Message),
        };
    }

    /// <summary>
    /// A step's answer (<see cref="Services.Operations.StepDocuments"/>: this app's own, or an agent's as the hub passes
    /// it on): its document byte for byte (what the host computed, its planId included), or the refusal's status. An
    /// offline agent is 503 (the host is known, its agent is not there to ask); an agent that did not answer in time is 504.
    /// </summary>
    public static IResult Step(Services.Operations.StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Document is { } document) return TypedResults.Text(document, "application/json", System.Text.Encoding.UTF8);
        return answer.Refusal switch
        {
            Services.Operations.StepAnswerRefusal.NotAllowed => NotAllowed(answer.Message),
            Services.Operations.StepAnswerRefusal.Unknown => Problem(StatusCodes.Status404NotFound, "Unknown change set", answer.Message),
            Services.Operations.StepAnswerRefusal.Stale => Stale(answer.Message),
            Services.Operations.StepAnswerRefusal.Busy => Busy(answer.Message),
            Services.Operations.StepAnswerRefusal.Offline => Problem(StatusCodes.Status503ServiceUnavailable, "The host's agent is offline", answer.Message),
            Services.Operations.StepAnswerRefusal.NoAnswer => Problem(StatusCodes.Status504GatewayTimeout, "The host's agent did not answer", answer.Message),
            _ => BadRequest(answer.Message),
        };
    }

    /// <summary>A rollout as it stands, or why nothing was done: 403 role, 404 unknown host or rollout, 409 not in a state that allows it.</summary>
    public static IResult Rollout(Services.Rollouts.RolloutAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.View is { } view) return Document(RolloutDocumentMapper.Map(view.Rollout, view.Plans), CliJsonContext.Output.RolloutDocument);
        return answer.Refusal switch
        {
            Services.Rollouts.RolloutRefusal.NotAllowed => NotAllowed(answer.Message),
            Services.Rollouts.RolloutRefusal.Unknown => Problem(StatusCodes.Status404NotFound, "Unknown host or rollout", answer.Message),
            Services.Rollouts.RolloutRefusal.Conflict => Problem(StatusCodes.Status409Conflict, "The rollout cannot do that now", answer.Message),
            _ => BadRequest(answer.Message),
        };
    }

    public static IResult TooLarge(int limit) => Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large",
        $"Nothing was imported: the body is over {limit / (1024 * 1024)} MiB, and a listing is far smaller (a 500-device server's is under 100 KB). Send the output of one command.");

    /// <summary>The host no longer gives the plan that was shown: the message names what changed.</summary>
    public static IResult Stale(string message) => Problem(StatusCodes.Status409Conflict, "The plan is stale", message);

    /// <summary>Another change set, rollback or rehearsal holds the host: the message names who and what.</summary>
    public static IResult Busy(string message) => Problem(StatusCodes.Status423Locked, "The host is busy", message);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
