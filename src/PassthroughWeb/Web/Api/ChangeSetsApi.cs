using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>What can be done to a change set by its id: roll it back (Operators).</summary>
public static class ChangeSetsApi
{
    private const string Accepted = "nothing, or {\"force\": true} to roll back files edited since the change set wrote them.";

    public static RouteGroupBuilder MapChangeSetsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGroup("/change-sets").WithTags("Change sets")
            .MapPost("/{id}/rollback", RollbackAsync).WithName("RollBackChangeSet")
            .WithSummary("Roll a change set back byte for byte")
            .WithDescription("Needs the Operator role and an access token. Every file back byte for byte (files the set created removed), then its commands again; a VM it redefined gets its previous definition, a VM it created is undefined. Optional body {\"force\": true}. Answers the `rollback --json` document (`rolledBack`, `alreadyRolledBack`, `refused` or `failed`); 423 while another change holds the host.")
            // No Accepts metadata: routing would then refuse the usual bodiless POST (no Content-Type) for a body that is optional.
            .Produces<RollbackDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status423Locked);
        // An agent's change sets live on the agent, so the hub needs the host to know whom to ask.
        api.MapGroup("/hosts").WithTags("Change sets")
            .MapPost("/{name}/change-sets/{id}/rollback", RollbackOnHostAsync).WithName("RollBackHostChangeSet")
            .WithSummary("Roll a host's change set back byte for byte, on this app's hosts and on agents' hosts")
            .WithDescription("As POST /api/change-sets/{id}/rollback, for the host NAME: on an agent's host its agent rolls back its own change set (503 while the agent is offline, 504 when it does not answer in time). 404 when NAME has no such change set.")
            .Produces<RollbackDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status423Locked, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return api;
    }

    private static async Task<IResult> RollbackAsync(string id, HttpContext context, IChangeJournal journal, RollbackOperation rollbacks, CancellationToken ct)
    {
        var (changeSetId, body, bad) = await ReadAsync(id, context, ct);
        if (bad is not null) return bad;
        if (await journal.GetAsync(changeSetId, ct) is not { } set) return ApiResults.UnknownChangeSet(changeSetId);
        return ApiResults.Rollback(set, await rollbacks.RollbackAsync(changeSetId, ClaimsActor.From(context.User), body!.Force, ct));
    }

    private static async Task<IResult> RollbackOnHostAsync(string name, string id, HttpContext context, HostLookup hosts, IChangeJournal journal,
        StepDocuments documents, CancellationToken ct)
    {
        var (changeSetId, body, bad) = await ReadAsync(id, context, ct);
        if (bad is not null) return bad;
        if (await hosts.FindHostAsync(name, ct) is not { } host) return ApiResults.UnknownHost(name);
        // This app's change sets are in its journal, and the 404 names the routes that list them; an agent's are its own.
        if (!host.IsAgent && (await journal.GetAsync(changeSetId, ct) is not { } set || !string.Equals(set.Host, host.Name, StringComparison.Ordinal)))
            return ApiResults.UnknownChangeSet(changeSetId);
        return ApiResults.Step(await documents.RollbackAsync(host, changeSetId, body!.Force, ClaimsActor.From(context.User), ct));
    }

    private static async Task<(Guid Id, RollbackRequestBody? Body, IResult? Bad)> ReadAsync(string id, HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var changeSetId))
            return (default, null, ApiResults.BadRequest($"'{id}' is not a change set id: use the changeSetId apply answered (GET /api/hosts/{{name}}/history lists them)."));
        var (body, problem) = await ApiRequestBody.ReadAsync<RollbackRequestBody>(context.Request, Accepted, optional: true, ct);
        return body is null ? (changeSetId, null, ApiResults.BadRequest(problem!)) : (changeSetId, body, null);
    }
}
