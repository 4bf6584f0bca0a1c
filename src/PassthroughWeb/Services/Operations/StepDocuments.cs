using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Plans;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Steps 2 and 3 of any host answered as the CLI's JSON documents: the one place that decides "here or through the
/// agent". This app's own hosts run the operations here; an agent's host is asked through <see cref="RemoteSteps"/>,
/// whose agent runs the same operations and answers the same documents. Either way the answer is a document or a
/// refusal with its reason (<see cref="StepAnswer"/>), so the API, the rollouts and the host page's agent path
/// read one kind of answer and never ask which door a host has. The agent answers the hub with it too, for its own host.
/// </summary>
/// <param name="remote">Null where no hub runs (the CLI, the agent): there an agent's host is refused, never acted on here.</param>
public sealed class StepDocuments(PlanOperation planner, ApplyOperation applier, VerifyOperation verifier, RollbackOperation rollbacks,
    RehearseOperation rehearsals, HistoryQuery histories, IChangeJournal journal, PlanFingerprints plans, HostEventFeed feed, RemoteSteps? remote = null)
{
    /// <summary>Plans, keeping the plan under its id where the host's plans are kept (here, or on the agent), as shown to <paramref name="actor"/>.</summary>
    public async Task<StepAnswer> PlanAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.PlanAsync(host, PlanOperation.RequestOf(gpu, steps, options), actor, ct);
        var preview = await planner.PlanAsync(host, gpu, steps, options, ct, actor.Name);
        return StepAnswer.Of(JsonSerializer.Serialize(StepDocumentMapper.Plan(preview), CliJsonContext.Output.PlanDocument));
    }

    /// <summary>Applies the plan of steps 2 and 3 shown under <paramref name="planId"/>, and only while the host still gives it.</summary>
    public async Task<StepAnswer> ApplyAsync(StepHost host, string planId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.ApplyAsync(host, planId, actor, ct);
        if (await plans.FindAsync(planId, ct) is not { } shown || shown.Host != host.Name)
            return StepAnswer.Refused(StepAnswerRefusal.Stale,
                $"Nothing was changed on {host.Name}: no plan {planId} was shown for it in the last {ShownPlans.Retention.TotalDays:0} days. Plan again and apply the planId it answers.");
        var result = await applier.ApplyShownAsync(host, shown, actor, ct);
        return result switch
        {
            { Denied: { } denied } => StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message),
            { Outcome: StepApplyOutcome.Stale } => StepAnswer.Refused(StepAnswerRefusal.Stale, result.Message),
            { Outcome: StepApplyOutcome.Busy } => StepAnswer.Refused(StepAnswerRefusal.Busy, result.Message),
            _ => StepAnswer.Of(JsonSerializer.Serialize(StepDocumentMapper.Apply(result), CliJsonContext.Output.ApplyDocument)),
        };
    }

    /// <summary>Verifies the host's newest applied change set after its reboot.</summary>
    public async Task<StepAnswer> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.VerifyAsync(host, actor, ct);
        var result = await verifier.VerifyAsync(host, actor, ct);
        return result.Outcome == StepVerifyOutcome.NotAllowed
            ? StepAnswer.Refused(StepAnswerRefusal.NotAllowed, result.Message)
            : StepAnswer.Of(JsonSerializer.Serialize(StepDocumentMapper.Verify(host, result), CliJsonContext.Output.VerifyDocument));
    }

    /// <summary>
    /// Rehearses the reboot of steps 2 and 3 with <paramref name="boot"/>'s accelerator and timeout. Each progress line
    /// reaches <paramref name="progress"/> as it is written: here from the rehearsal itself, from an agent through the
    /// <see cref="RehearsalProgress"/> events its feed forwards to this hub's while it rehearses.
    /// </summary>
    public async Task<StepAnswer> RehearseAsync(StepHost host, PciAddress gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, RehearsalBootOptions boot,
        Actor actor, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await RehearseOnAgentAsync(remote, host, PlanOperation.RequestOf(gpu, steps, options), boot, actor, progress, ct);
        var result = await rehearsals.RehearseAsync(host, gpu, steps, options, actor, progress, ct, boot);
        return result switch
        {
            { Denied: { } denied } => StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message),
            { Busy: { } busy } => StepAnswer.Refused(StepAnswerRefusal.Busy, "Nothing was rehearsed: " + busy.Message + "."),
            _ => StepAnswer.Of(JsonSerializer.Serialize(RehearsalDocumentMapper.Map(result), CliJsonContext.Output.RehearsalDocument)),
        };
    }

    /// <summary>Rolls back one of the host's change sets (here, one this app's journal holds for that host).</summary>
    public async Task<StepAnswer> RollbackAsync(StepHost host, Guid changeSetId, bool force, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.RollbackAsync(host, changeSetId, force, actor, ct);
        if (await journal.GetAsync(changeSetId, ct) is not { } set || !string.Equals(set.Host, host.Name, StringComparison.Ordinal))
            return StepAnswer.Refused(StepAnswerRefusal.Unknown, $"Nothing was rolled back: {host.Name} has no change set {changeSetId}. Its history lists the ones it has.");
        var permitted = await rollbacks.RollbackAsync(changeSetId, actor, force, ct);
        if (permitted.Denied is { } denied) return StepAnswer.Refused(StepAnswerRefusal.NotAllowed, denied.Message);
        var result = permitted.Value;
        return result.Outcome == RollbackOutcome.Busy
            ? StepAnswer.Refused(StepAnswerRefusal.Busy, RollbackDocumentMapper.Message(set, result))
            : StepAnswer.Of(JsonSerializer.Serialize(RollbackDocumentMapper.Map(set, result), CliJsonContext.Output.RollbackDocument));
    }

    /// <summary>The host's history as <c>history --json</c>, with the journal's detail (each change set's files) for the host page.</summary>
    public async Task<StepAnswer> HistoryAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (host.IsAgent) return remote is null ? NotHere(host) : await remote.HistoryAsync(host, actor, ct);
        var history = await histories.HistoryAsync(host.Name, ct);
        return StepAnswer.Of(JsonSerializer.Serialize(StepDocumentMapper.History(host, history), CliJsonContext.Output.HistoryDocument), Data.ChangeSetJson.Serialize(history));
    }

    private static StepAnswer NotHere(StepHost host) => StepAnswer.Refused(StepAnswerRefusal.Invalid, host.AgentChangesUnavailable);

    private async Task<StepAnswer> RehearseOnAgentAsync(RemoteSteps remote, StepHost host, ShownPlanRequest plan, RehearsalBootOptions boot, Actor actor, IProgress<string>? progress,
        CancellationToken ct)
    {
        if (progress is null) return await remote.RehearseAsync(host, plan, boot, actor, ct);
        // Subscribed before asking, so no line the agent writes is missed; only this user's rehearsal, as the agent records it.
        var rehearsedBy = new AgentStepRequest { User = actor.Name, Role = actor.Role }.Actor.Name;
        var subscription = feed.Subscribe(host.Name, CancellationToken.None);
        var relayed = RelayAsync(subscription, rehearsedBy, progress);
        try
        {
            return await remote.RehearseAsync(host, plan, boot, actor, ct);
        }
        finally
        {
            // Disposed, not cancelled: the lines that came before the answer are still relayed, then the relay ends.
            subscription.Dispose();
            await relayed;
        }
    }

    private static async Task RelayAsync(HostEventSubscription subscription, string rehearsedBy, IProgress<string> progress)
    {
        await foreach (var hostEvent in subscription.Changes)
        {
            if (hostEvent is RehearsalProgress line && line.User == rehearsedBy) progress.Report(line.Line);
        }
    }
}
