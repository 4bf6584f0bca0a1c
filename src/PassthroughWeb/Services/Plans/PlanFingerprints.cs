using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Services.Plans;

/// <summary>
/// Gives every plan a user is shown its id (<see cref="PlanIdentity"/>), keeps it in the data directory so a later
/// process can apply it by id, announces it on the feed, and tells an apply whether the host still gives that plan.
/// </summary>
public sealed class PlanFingerprints(ShownPlans shown, IHostEventPublisher events, ILogger<PlanFingerprints> logger)
{
    /// <summary>Records a plan as shown and announces it; the id is returned even when the record cannot be written (applying it by id then says so).</summary>
    public async Task<string> ShowAsync(PlanIdentity identity, ShownPlanRequest request, string summary, string? user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identity);
        try
        {
            await shown.SaveAsync(identity, user, ct, request);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Plan {PlanId} of {Host} could not be kept in {Directory}: {Reason}", identity.Id, identity.Host, shown.Directory, e.Message);
        }
        events.Publish(new PlanReady { Host = identity.Host, User = user, PlanId = identity.Id, Steps = identity.Steps, Summary = summary });
        return identity.Id;
    }

    /// <summary>The plan shown under <paramref name="planId"/>; null when unknown, expired or not a plan id.</summary>
    public Task<ShownPlan?> FindAsync(string? planId, CancellationToken ct) => shown.FindAsync(planId, ct);

    /// <summary>
    /// Why the host no longer gives the plan shown as <paramref name="shownId"/>, in sentences; empty when <paramref name="now"/>
    /// is that very plan.
    /// </summary>
    public async Task<IReadOnlyList<string>> StaleReasonsAsync(string shownId, PlanIdentity now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (shownId == now.Id) return [];
        var before = await shown.FindAsync(shownId, ct);
        if (before is null)
            return [PlanIdentity.IsWellFormedId(shownId)
                ? $"no plan {shownId} was shown in the last {ShownPlans.Retention.TotalDays:0} days"
                : $"'{shownId}' is not a plan id (they look like {PlanIdentity.Prefix}0123456789abcdef01234567)"];
        var reasons = PlanIdentity.Compare(before.Identity, now);
        return reasons.Count > 0 ? reasons : ["the plan differs from the one shown"];
    }

    /// <summary>The sentence an apply of a stale plan answers with.</summary>
    public static string StaleMessage(string shownId, PlanIdentity now, IReadOnlyList<string> reasons) =>
        $"Nothing was changed: the host no longer gives the plan you saw ({shownId}): {string.Join("; ", reasons)}. Look at the plan as it is now ({now.Id}) and apply that.";
}
