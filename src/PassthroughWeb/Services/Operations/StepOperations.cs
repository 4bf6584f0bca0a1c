using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Steps 2 and 3 of any host (plan, apply, rehearse, verify, roll back) as the pages ask for them: this app's own hosts through the operations here
/// (their results keep the full detail the page draws), an agent's host through <see cref="StepDocuments"/>, with the
/// agent's documents read back into the same results (<see cref="AgentAnswers"/>). The one path of the host page, so it is not forked.
/// </summary>
public sealed class StepOperations(PlanOperation planner, ApplyOperation applier, VerifyOperation verifier, RollbackOperation rollbacks,
    HistoryQuery histories, StepDocuments documents, RehearseOperation rehearsals)
{
    /// <summary>
    /// Plans, keeping the plan under its id where the host's plans are kept (here, or on the agent, which names
    /// <paramref name="actor"/> as the one it was shown to: it applies only a plan it showed).
    /// </summary>
    public async Task<StepPlanPreview> PlanAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (!host.IsAgent) return await planner.PlanAsync(host, gpu, steps, options, ct);
        return AgentAnswers.Plan(host, steps, gpu, await documents.PlanAsync(host, gpu, steps, options, actor, ct));
    }

    /// <summary>Applies the plan <paramref name="preview"/> showed, by its id.</summary>
    public async Task<StepApplyResult> ApplyAsync(StepHost host, StepPlanPreview preview, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(preview);
        if (!host.IsAgent) return await applier.ApplyAsync(host, preview.Gpu, steps, options, actor, ct, preview.PlanId);
        if (preview.PlanId is not { } planId)
            return new StepApplyResult { Outcome = StepApplyOutcome.Refused, Message = "Nothing was changed: there is no plan to apply.", Preview = preview };
        return AgentAnswers.Apply(host, steps, preview.Gpu, await documents.ApplyAsync(host, planId, actor, ct));
    }

    /// <summary>
    /// Rehearses the reboot of the plan <paramref name="preview"/> showed with the boot options chosen, here or on the
    /// agent's host by its agent; <paramref name="progress"/> gets its lines as they come either way.
    /// </summary>
    public async Task<StepRehearsalResult> RehearseAsync(StepHost host, StepPlanPreview preview, PciAddress gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor,
        IProgress<string>? progress, Core.Rehearsal.RehearsalBootOptions boot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(preview);
        if (!host.IsAgent) return await rehearsals.RehearseAsync(host, gpu, steps, options, actor, progress, ct, boot);
        return AgentAnswers.Rehearse(preview, await documents.RehearseAsync(host, gpu, steps, options, boot, actor, progress, ct));
    }

    public async Task<StepVerifyResult> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsAgent ? AgentAnswers.Verify(await documents.VerifyAsync(host, actor, ct)) : await verifier.VerifyAsync(host, actor, ct);
    }

    public async Task<Permitted<RollbackResult>> RollbackAsync(StepHost host, Guid changeSetId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsAgent
            ? AgentAnswers.Rollback(changeSetId, actor, await documents.RollbackAsync(host, changeSetId, force: false, actor, ct))
            : await rollbacks.RollbackAsync(changeSetId, actor, force: false, ct);
    }

    /// <summary>The host's history: here, or the agent's (null while the agent cannot answer: it is offline or did not answer).</summary>
    public async Task<StepHistory?> HistoryAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsAgent ? AgentAnswers.History(await documents.HistoryAsync(host, actor, ct)) : await histories.HistoryAsync(host.Name, ct);
    }
}
