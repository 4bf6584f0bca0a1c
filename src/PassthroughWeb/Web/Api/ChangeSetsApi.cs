using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Changes;
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
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status423Locked);
        return api;
    }

    private static async Task<IResult> RollbackAsync(string id, HttpContext context, IChangeJournal journal, RollbackOperation rollbacks, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var changeSetId))
            return ApiResults.BadRequest($"'{id}' is not a change set id: use the changeSetId apply answered (GET /api/hosts/{{name}}/history lists them).");
        var (body, problem) = await ApiRequestBody.ReadAsync<RollbackRequestBody>(context.Request, Accepted, optional: true, ct);
        if (body is null) return ApiResults.BadRequest(problem!);
        if (await journal.GetAsync(changeSetId, ct) is not { } set) return ApiResults.UnknownChangeSet(changeSetId);
        return ApiResults.Rollback(set, await rollbacks.RollbackAsync(changeSetId, ClaimsActor.From(context.User), body.Force, ct));
    }
}
