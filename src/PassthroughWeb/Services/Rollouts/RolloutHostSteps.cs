using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;
using O = PassthroughWeb.Core.Rollouts.RolloutHostOutcome;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Steps 2 and 3 on one host of a rollout, wherever it is: <see cref="StepDocuments"/> answers the CLI's documents for
/// this app's own hosts and agents' hosts alike, read here into the outcomes the rollout's rules take, so the rules
/// never see which door a host has.
/// </summary>
public sealed class RolloutHostSteps(StepDocuments documents)
{
    /// <summary>The host's plan as the <c>plan --json</c> document, shown to <paramref name="actor"/>; or why there is none.</summary>
    public async Task<(PlanDocument? Plan, string? Json, string? Problem)> PlanAsync(StepHost host, IReadOnlyList<HostStep> steps, PciAddress? gpu, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsImported) return (null, null, $"{host.Name} is an imported profile: nothing can be applied there (install the agent on it to roll out to it).");
        var answer = await documents.PlanAsync(host, gpu, steps, options, actor, ct);
        if (answer.Document is not { } json) return (null, null, answer.Message);
        return (JsonSerializer.Deserialize(json, CliJsonContext.Output.PlanDocument), json, null);
    }

    /// <summary>Applies the plan shown under <paramref name="planId"/>, and only that plan.</summary>
    public async Task<O> ApplyAsync(StepHost host, string planId, Actor actor, CancellationToken ct)
    {
        var answer = await documents.ApplyAsync(host, planId, actor, ct);
        if (answer.Document is not { } json) return new O.ApplyFailed { Message = answer.Message };
        return Applied(JsonSerializer.Deserialize(json, CliJsonContext.Output.ApplyDocument)!);
    }

    /// <summary>Verifies the host's newest applied change set after its reboot.</summary>
    public async Task<O> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var answer = await documents.VerifyAsync(host, actor, ct);
        // A host that is away (an agent rebooting) or slow is waited for, not failed: the rollout verifies when it reports again.
        if (answer.Document is not { } json)
            return answer.Refusal is StepAnswerRefusal.Offline or StepAnswerRefusal.NoAnswer
                ? new O.StillNeedsReboot { Message = $"Waits for {host.Name}: {answer.Message}" }
                : new O.VerificationFailed { Message = answer.Message };
        var document = JsonSerializer.Deserialize(json, CliJsonContext.Output.VerifyDocument)!;
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
        var answer = await documents.RollbackAsync(host, changeSetId, force: false, actor, ct);
        if (answer.Document is not { } json) return new O.RollbackFailed { Message = answer.Message };
        var document = JsonSerializer.Deserialize(json, CliJsonContext.Output.RollbackDocument)!;
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
