using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Staged rollouts, as every door asks for them: create (each host planned, the plans side by side), start, verify the
/// hosts that wait for their reboot, roll back, read. Any signed-in user reads; Operators create, start, verify and roll
/// back, checked here. The driver (<see cref="RolloutDriver"/>) moves a started rollout on over time.
/// </summary>
public sealed class RolloutOperation(IDbContextFactory<PassthroughDbContext> databases, HostLookup hosts, RolloutHostSteps steps, RolloutRunner runner,
    RolloutDriver driver, TimeProvider time, ILogger<RolloutOperation> logger)
{
    public async Task<RolloutAnswer> CreateAsync(RolloutRequest request, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "create a rollout") is { } denied) return RolloutAnswer.Refused(RolloutRefusal.NotAllowed, denied.Message);
        if (request.Steps.Count == 0)
            return RolloutAnswer.Refused(RolloutRefusal.Invalid, "A rollout applies steps 2 and/or 3 (host, isolate), the steps that need a reboot; step 4 changes a VM and needs none.");
        // The rules' own checks first (no hosts, twice, batch size), before any host is planned.
        var id = NewId();
        var (_, problem) = RolloutRules.Create(id, [], null, [.. request.Hosts.Select(h => (h, (string?)null, (string?)null))], request.BatchSize, actor.Name, time.GetUtcNow());
        if (problem is not null) return RolloutAnswer.Refused(RolloutRefusal.Invalid, problem.Message);
        var found = new List<StepHost>();
        foreach (var name in request.Hosts)
        {
            if (await hosts.FindHostAsync(name, ct) is not { } host)
                return RolloutAnswer.Refused(RolloutRefusal.Unknown, $"Nothing was created: there is no host named '{name}' (GET /api/hosts lists the hosts the hub knows).");
            found.Add(host);
        }
        var planned = new List<(string Name, string? PlanId, string? Message)>();
        var documents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var host in found)
        {
            var (plan, json, refused) = await steps.PlanAsync(host, request.Steps, request.Gpu, request.Options, actor, ct);
            documents[host.Name] = json;
            // A host that already has it keeps its plan id: its apply answers "nothing to do" and it counts as done.
            var applicable = plan is { Outcome: "planned", PlanId: not null };
            planned.Add((host.Name, applicable ? plan!.PlanId : null, refused ?? (plan is null ? null : applicable ? plan.Summary : $"{plan.Outcome}: {plan.Message ?? plan.Summary}")));
        }
        var stepNames = request.Steps.Select(HostSteps.NameOf).ToList();
        var (rollout, _) = RolloutRules.Create(id, stepNames, request.Gpu?.ToString(), planned, request.BatchSize, actor.Name, time.GetUtcNow());
        await using (var db = await databases.CreateDbContextAsync(ct))
            await new RolloutStore(db).AddAsync(rollout!, documents, ct);
        foreach (var host in rollout!.Hosts) runner.Publish(rollout, host.Name);
        logger.LogInformation("Rollout {RolloutId} of steps {Steps} over {Hosts} created by {User}", id, string.Join(',', stepNames), string.Join(", ", request.Hosts), actor.Name);
        return RolloutAnswer.Of(new RolloutView(rollout, documents));
    }

    public async Task<RolloutAnswer> StartAsync(string id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "start a rollout") is { } denied) return RolloutAnswer.Refused(RolloutRefusal.NotAllowed, denied.Message);
        return await runner.UnderLockAsync(id, async () =>
        {
            if (await runner.FindAsync(id, ct) is not { } rollout) return Unknown(id);
            var (started, problem) = RolloutRules.Start(rollout, actor.Name, time.GetUtcNow());
            if (problem is not null) return RolloutAnswer.Refused(RolloutRefusal.Conflict, problem.Message);
            await runner.SaveAsync(started!, started!.Hosts[0].Name, ct);
            driver.Enqueue(id);
            logger.LogInformation("Rollout {RolloutId} started by {User}", id, actor.Name);
            return await ViewAsync(started, ct);
        }, Busy, ct);
    }

    /// <summary>Verifies now the hosts that wait for their reboot (an Operator saying "it has rebooted"), then moves the rollout on.</summary>
    public async Task<RolloutAnswer> VerifyAsync(string id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "verify a rollout's hosts") is { } denied) return RolloutAnswer.Refused(RolloutRefusal.NotAllowed, denied.Message);
        return await runner.UnderLockAsync(id, async () =>
        {
            if (await runner.FindAsync(id, ct) is not { } rollout) return Unknown(id);
            if (rollout.State != RolloutState.Running)
                return RolloutAnswer.Refused(RolloutRefusal.Conflict, $"Rollout {id} is {RolloutRules.Words(rollout.State)}: only a running rollout has hosts waiting for verification.");
            await runner.VerifyWaitingAsync(id, null, ct);
            return await ViewAsync((await runner.FindAsync(id, ct))!, ct);
        }, Busy, ct);
    }

    /// <summary>Rolls back every change set the rollout applied (a running rollout is stopped first).</summary>
    public async Task<RolloutAnswer> RollbackAsync(string id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "roll back a rollout") is { } denied) return RolloutAnswer.Refused(RolloutRefusal.NotAllowed, denied.Message);
        return await runner.UnderLockAsync(id, async () =>
        {
            if (await runner.FindAsync(id, ct) is not { } rollout) return Unknown(id);
            var (begun, problem) = RolloutRules.BeginRollback(rollout, actor.Name, time.GetUtcNow());
            if (problem is not null) return RolloutAnswer.Refused(RolloutRefusal.Conflict, problem.Message);
            if (begun!.State != rollout.State) await runner.SaveAsync(begun, begun.RollbackCandidates[0].Name, ct);
            logger.LogInformation("Rollout {RolloutId} rolled back by {User}", id, actor.Name);
            return await ViewAsync(await runner.RollbackAsync(begun, actor, ct), ct);
        }, Busy, ct);
    }

    public async Task<RolloutAnswer> GetAsync(string id, CancellationToken ct) =>
        await runner.FindAsync(id, ct) is { } rollout ? await ViewAsync(rollout, ct) : Unknown(id);

    /// <summary>The newest rollouts first.</summary>
    public async Task<IReadOnlyList<Rollout>> ListAsync(int limit, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new RolloutStore(db).ListAsync(null, Math.Clamp(limit, 1, 500), ct);
    }

    private async Task<RolloutAnswer> ViewAsync(Rollout rollout, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return RolloutAnswer.Of(new RolloutView(rollout, await new RolloutStore(db).PlanDocumentsAsync(rollout.Id, ct)));
    }

    private static RolloutAnswer Busy(RolloutLeaseHeld held) => RolloutAnswer.Refused(RolloutRefusal.Conflict, held.Message);

    private static RolloutAnswer Unknown(string id) =>
        RolloutAnswer.Refused(RolloutRefusal.Unknown, $"There is no rollout {id}: GET /api/rollouts lists them.");

    private static string NewId() => "ro_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
