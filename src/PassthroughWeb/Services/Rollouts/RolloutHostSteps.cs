using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Plans;
using O = PassthroughWeb.Core.Rollouts.RolloutHostOutcome;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Steps 2 and 3 on one host of a rollout, wherever it is: this app's own hosts through the operations, an agent's host
/// through <see cref="RemoteSteps"/> (its agent runs the same operations). Both answer the CLI's documents, read here
/// into the outcomes the rollout's rules take, so the rules never see which door a host has.
/// </summary>
public sealed class RolloutHostSteps(PlanOperation planner, ApplyOperation applier, VerifyOperation verifier, RollbackOperation rollbacks,
    PlanFingerprints plans, RemoteSteps remote)
{
    /// <summary>The host's plan as the <c>plan --json</c> document, shown to <paramref name="actor"/>; or why there is none.</summary>
    public async Task<(PlanDocument? Plan, string? Json, string? Problem)> PlanAsync(StepHost host, IReadOnlyList<HostStep> steps, PciAddress? gpu, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsImported) return (null, null, $"{host.Name} is an imported profile: nothing can be applied there (install the agent on it to roll out to it).");
        if (host.IsAgent)
        {
            var answer = await remote.PlanAsync(host, PlanOperation.RequestOf(gpu, steps, options), actor, ct);
            if (answer.Document is not { } json) return (null, null, answer.Message);
            return (JsonSerializer.Deserialize(json, CliJsonContext.Output.PlanDocument), json, null);
        }
        var document = StepDocumentMapper.Plan(await planner.PlanAsync(host, gpu, steps, options, ct, actor.Name));
        return (document, JsonSerializer.Serialize(document, CliJsonContext.Output.PlanDocument), null);
    }

    /// <summary>Applies the plan shown under <paramref name="planId"/>, and only that plan.</summary>
    public async Task<O> ApplyAsync(StepHost host, string planId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.IsAgent)
        {
            var answer = await remote.ApplyAsync(host, planId, actor, ct);
            if (answer.Document is not { } json) return new O.ApplyFailed { Message = answer.Message };
            return Applied(JsonSerializer.Deserialize(json, CliJsonContext.Output.ApplyDocument)!);
        }
        if (await plans.FindAsync(planId, ct) is not { } shown || shown.Host != host.Name)
            return new O.ApplyFailed { Message = $"Nothing was changed on {host.Name}: its plan {planId} is no longer kept (plans are kept {ShownPlans.Retention.TotalDays:0} days). Create a new rollout to plan again." };
        var result = await applier.ApplyShownAsync(host, shown, actor, ct);
        if (result.Denied is { } denied) return new O.ApplyFailed { Message = denied.Message };
        return Applied(StepDocumentMapper.Apply(result));
    }

    /// <summary>Verifies the host's newest applied change set after its reboot.</summary>
    public async Task<O> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        VerifyDocument document;
        if (host.IsAgent)
        {
            var answer = await remote.VerifyAsync(host, actor, ct);
            // An agent that is away (rebooting) or slow is waited for, not failed: the rollout verifies when it reports again.
            if (answer.Document is not { } json)
                return answer.Refusal is AgentStepRefusal.Offline or AgentStepRefusal.NoAnswer
                    ? new O.StillNeedsReboot { Message = $"Waits for {host.Name}: {answer.Message}" }
                    : new O.VerificationFailed { Message = answer.Message };
            document = JsonSerializer.Deserialize(json, CliJsonContext.Output.VerifyDocument)!;
        }
        else document = StepDocumentMapper.Verify(host, await verifier.VerifyAsync(host, actor, ct));
        return document.Outcome switch
        {
            "passed" => new O.VerificationPassed { Message = document.Message },
            "rebootNeeded" => new O.StillNeedsReboot { Message = $"Waits for {host.Name}'s reboot: reboot it; the hub verifies it when its agent reports the new boot (or an Operator asks). {document.Message}" },
            "nothingToVerify" => new O.VerificationFailed { Message = $"{host.Name} has no applied change set to verify any more (rolled back outside the rollout?): {document.Message}" },
            _ => new O.VerificationFailed { Message = document.Message },
        };
    }

    /// <summary>Rolls back the change set the host's apply made in the rollout.</summary>
    public async Task<O> RollbackAsync(StepHost host, Guid changeSetId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        RollbackDocument document;
        if (host.IsAgent)
        {
            var answer = await remote.RollbackAsync(host, changeSetId, force: false, actor, ct);
            if (answer.Document is not { } json) return new O.RollbackFailed { Message = answer.Message };
            document = JsonSerializer.Deserialize(json, CliJsonContext.Output.RollbackDocument)!;
        }
        else
        {
            var permitted = await rollbacks.RollbackAsync(changeSetId, actor, force: false, ct);
            if (permitted.Denied is { } denied) return new O.RollbackFailed { Message = denied.Message };
            document = RollbackDocumentMapper.Map(null, permitted.Value);
        }
        return document.Outcome is "rolledBack" or "alreadyRolledBack"
            ? new O.RolledBack { Message = $"Change set {changeSetId} rolled back on {host.Name}: every file as it was before it." }
            : new O.RollbackFailed { Message = document.Message };
    }

    private static O Applied(ApplyDocument document) => document.Outcome switch
    {
        "applied" when Guid.TryParse(document.ChangeSetId, out var id) => new O.Applied(id) { Message = $"Applied as change set {id}: reboot the host; it is verified when it comes back. {document.Message}" },
        "nothingToDo" => new O.NothingToDo { Message = document.Message },
        _ => new O.ApplyFailed { Message = document.Message },
    };
}
