using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Which hub instance moves a rollout on: a lease on the rollout's row (holder and expiry), taken before any change and
/// renewed while it runs, so with several instances on one database exactly one applies, verifies or rolls back a given
/// rollout at a time. A lease column rather than a PostgreSQL advisory lock: the same conditional UPDATE works on SQLite
/// and PostgreSQL through EF Core, it needs no connection held open for the whole apply (advisory locks are per session
/// and break behind a transaction-pooling proxy), and the row says who holds it. An instance that dies stops renewing:
/// its lease ends after <see cref="RolloutLeaseOptions.Duration"/> and another instance's driver takes over
/// (<see cref="RolloutDriver"/> looks for such rollouts as often). Expiry is compared on each instance's clock, so the
/// instances' clocks must agree to well within the duration (NTP).
/// </summary>
public sealed class RolloutLease(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time, RolloutLeaseOptions options)
{
    public string Holder => options.Holder;

    public TimeSpan Duration => options.Duration;

    /// <summary>Takes or renews the lease; null when taken (or there is no such rollout: the work then says so), else who holds it.</summary>
    public async Task<RolloutLeaseHeld?> TryTakeAsync(string id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var store = new RolloutStore(db);
        var now = time.GetUtcNow();
        if (await store.TryLeaseAsync(id, options.Holder, now, now + options.Duration, ct)) return null;
        return await store.LeaseOfAsync(id, ct) is { Holder: { } holder, Until: { } until } ? new RolloutLeaseHeld(id, holder, until) : null;
    }

    /// <summary>Keeps the lease (true), or finds it taken by another instance after it expired (false).</summary>
    public async Task<bool> RenewAsync(string id, CancellationToken ct) => await TryTakeAsync(id, ct) is null;

    public async Task ReleaseAsync(string id, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await new RolloutStore(db).ReleaseLeaseAsync(id, options.Holder, ct);
    }

    /// <summary>The running rollouts whose holder stopped renewing its lease.</summary>
    public async Task<IReadOnlyList<string>> AbandonedAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new RolloutStore(db).AbandonedAsync(time.GetUtcNow(), ct);
    }
}

/// <summary>This instance's name as a lease holder, and how long a lease lasts unless renewed (renewed every third of it).</summary>
public sealed record RolloutLeaseOptions
{
    public string Holder { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Another hub instance moves the rollout on right now.</summary>
public sealed record RolloutLeaseHeld(string RolloutId, string Holder, DateTimeOffset Until)
{
    public string Message =>
        $"Rollout {RolloutId} is being moved on by hub instance {Holder} right now (its lease runs until {Until:u} unless it finishes sooner): ask again in a moment.";
}
