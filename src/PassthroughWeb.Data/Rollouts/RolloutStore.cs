using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Rollouts;

namespace PassthroughWeb.Data.Rollouts;

/// <summary>Staged rollouts, stored and read back as the engine's <see cref="Rollout"/>. The caller owns the context.</summary>
public sealed class RolloutStore(PassthroughDbContext db)
{
    /// <summary>Stores a new rollout with each host's shown plan document (by host name).</summary>
    public async Task AddAsync(Rollout rollout, IReadOnlyDictionary<string, string?> planDocuments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(planDocuments);
        var record = new RolloutRecord { Id = rollout.Id, Steps = "", CreatedBy = rollout.CreatedBy, State = "" };
        Copy(rollout, record);
        record.Hosts = [.. rollout.Hosts.Select((h, i) =>
        {
            var row = new RolloutHostRecord { RolloutId = rollout.Id, Position = i, HostName = h.Name, State = "", PlanJson = planDocuments.GetValueOrDefault(h.Name) };
            Copy(h, row);
            return row;
        })];
        db.Rollouts.Add(record);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes the rollout's and its hosts' states as the engine gave them.</summary>
    public async Task SaveAsync(Rollout rollout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var record = await db.Rollouts.Include(r => r.Hosts).SingleAsync(r => r.Id == rollout.Id, ct);
        Copy(rollout, record);
        foreach (var row in record.Hosts)
            if (rollout.Find(row.HostName) is { } host) Copy(host, row);
        await db.SaveChangesAsync(ct);
    }

    public async Task<Rollout?> FindAsync(string id, CancellationToken ct)
    {
        var record = await db.Rollouts.AsNoTracking().Include(r => r.Hosts).SingleOrDefaultAsync(r => r.Id == id, ct);
        return record is null ? null : ToRollout(record);
    }

    /// <summary>The plan documents shown for the rollout's hosts, by host name.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> PlanDocumentsAsync(string id, CancellationToken ct) =>
        await db.RolloutHosts.AsNoTracking().Where(h => h.RolloutId == id).ToDictionaryAsync(h => h.HostName, h => h.PlanJson, StringComparer.Ordinal, ct);

    /// <summary>The newest rollouts first, or only those in <paramref name="state"/>.</summary>
    public async Task<IReadOnlyList<Rollout>> ListAsync(RolloutState? state, int limit, CancellationToken ct)
    {
        var query = db.Rollouts.AsNoTracking().Include(r => r.Hosts).AsQueryable();
        if (state is { } only)
        {
            var name = only.ToString();
            query = query.Where(r => r.State == name);
        }
        var records = await query.OrderByDescending(r => r.CreatedAt).Take(limit).ToListAsync(ct);
        return [.. records.Select(ToRollout)];
    }

    /// <summary>
    /// Takes the rollout's lease for <paramref name="holder"/> until <paramref name="until"/>, or renews it, when it is
    /// free, expired at <paramref name="now"/>, or already the holder's. One conditional UPDATE, the same on SQLite and
    /// PostgreSQL: of two instances trying at once the database lets exactly one change the row. False: another holds
    /// it (<see cref="LeaseOfAsync"/> says who), or there is no such rollout.
    /// </summary>
    public async Task<bool> TryLeaseAsync(string id, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
        await db.Rollouts
            .Where(r => r.Id == id && (r.LeaseHolder == null || r.LeaseHolder == holder || r.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseHolder, holder).SetProperty(r => r.LeaseUntil, until), ct) == 1;

    /// <summary>Who holds the rollout's lease and until when (both null when free); null when there is no such rollout.</summary>
    public async Task<(string? Holder, DateTimeOffset? Until)?> LeaseOfAsync(string id, CancellationToken ct) =>
        await db.Rollouts.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.LeaseHolder, r.LeaseUntil }).SingleOrDefaultAsync(ct) is { } lease ? (lease.LeaseHolder, lease.LeaseUntil) : null;

    /// <summary>Gives the lease back, only if <paramref name="holder"/> still holds it.</summary>
    public async Task ReleaseLeaseAsync(string id, string holder, CancellationToken ct) =>
        await db.Rollouts.Where(r => r.Id == id && r.LeaseHolder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseHolder, (string?)null).SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), ct);

    /// <summary>The running rollouts whose holder let its lease expire (an instance that died while moving them on).</summary>
    public async Task<IReadOnlyList<string>> AbandonedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var running = nameof(RolloutState.Running);
        return await db.Rollouts.AsNoTracking().Where(r => r.State == running && r.LeaseHolder != null && r.LeaseUntil < now).Select(r => r.Id).ToListAsync(ct);
    }

    private static Rollout ToRollout(RolloutRecord r) => new()
    {
        Id = r.Id,
        Steps = r.Steps.Split(',', StringSplitOptions.RemoveEmptyEntries),
        Gpu = r.Gpu,
        BatchSize = r.BatchSize,
        CreatedBy = r.CreatedBy,
        StartedBy = r.StartedBy,
        State = Enum.Parse<RolloutState>(r.State),
        Message = r.Message,
        CreatedAt = r.CreatedAt,
        StartedAt = r.StartedAt,
        FinishedAt = r.FinishedAt,
        Hosts = [.. r.Hosts.OrderBy(h => h.Position).Select(h => new RolloutHost
        {
            Name = h.HostName, Batch = h.Batch, State = Enum.Parse<RolloutHostState>(h.State), PlanId = h.PlanId, ChangeSetId = h.ChangeSetId, Message = h.Message, UpdatedAt = h.UpdatedAt,
        })],
    };

    private static void Copy(Rollout from, RolloutRecord to)
    {
        to.Steps = string.Join(',', from.Steps);
        to.Gpu = from.Gpu;
        to.BatchSize = from.BatchSize;
        to.StartedBy = from.StartedBy;
        to.State = from.State.ToString();
        to.Message = from.Message;
        to.CreatedAt = from.CreatedAt;
        to.StartedAt = from.StartedAt;
        to.FinishedAt = from.FinishedAt;
    }

    private static void Copy(RolloutHost from, RolloutHostRecord to)
    {
        to.Batch = from.Batch;
        to.State = from.State.ToString();
        to.PlanId = from.PlanId;
        to.ChangeSetId = from.ChangeSetId;
        to.Message = from.Message;
        to.UpdatedAt = from.UpdatedAt;
    }
}
