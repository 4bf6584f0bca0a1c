using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;
using PassthroughWeb.Services.Rollouts;

namespace PassthroughWeb.Tests.Services.Rollouts;

/// <summary>
/// Two hub instances on one database, each with its own lease name: only one holds a rollout's lease at a time, the
/// other is told who holds it and until when; when the holder stops renewing, the lease expires, the rollout counts as
/// abandoned and the other instance takes over, after which the first can neither renew nor give it back.
/// </summary>
[Collection(Scaling.FleetServersCollection.Name)]
public sealed class RolloutLeaseTests(Scaling.FleetServers servers)
{
    private static readonly DateTimeOffset Started = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task OnlyOneInstanceHoldsTheLease_TheOtherTakesOverOnceItExpires(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        var id = await AddRunningRolloutAsync(database, ct);
        var time = new AdjustableTime(Started);
        var databases = new DataDirectoryContextFactory(database.Location);
        var hubA = new RolloutLease(databases, time, new RolloutLeaseOptions { Holder = "hub-a/4211/1c9e03aa", Duration = Duration });
        var hubB = new RolloutLease(databases, time, new RolloutLeaseOptions { Holder = "hub-b/3907/77d0b2f1", Duration = Duration });

        Assert.Null(await hubA.TryTakeAsync(id, ct));
        var held = await hubB.TryTakeAsync(id, ct);
        Assert.Equal(new RolloutLeaseHeld(id, hubA.Holder, Started + Duration), held);
        Assert.Contains("hub instance hub-a/4211/1c9e03aa", held!.Message, StringComparison.Ordinal);

        // Renewed within its duration, it stays hubA's past the first expiry.
        time.Now = Started.AddSeconds(20);
        Assert.True(await hubA.RenewAsync(id, ct));
        time.Now = Started.AddSeconds(45);
        Assert.NotNull(await hubB.TryTakeAsync(id, ct));
        Assert.Empty(await hubB.AbandonedAsync(ct));

        // hubA stops renewing (it died): after its lease ends the rollout is abandoned and hubB takes it.
        time.Now = Started.AddSeconds(51);
        Assert.Equal([id], await hubB.AbandonedAsync(ct));
        Assert.Null(await hubB.TryTakeAsync(id, ct));
        Assert.Empty(await hubB.AbandonedAsync(ct));
        Assert.False(await hubA.RenewAsync(id, ct));
        await hubA.ReleaseAsync(id, ct);
        Assert.Equal(hubB.Holder, (await hubA.TryTakeAsync(id, ct))?.Holder);

        // Given back, it is free at once.
        await hubB.ReleaseAsync(id, ct);
        Assert.Null(await hubA.TryTakeAsync(id, ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoInstancesAskingAtTheSameMoment_ExactlyOneGetsIt(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        var id = await AddRunningRolloutAsync(database, ct);
        var databases = new DataDirectoryContextFactory(database.Location);
        var hubs = Enumerable.Range(1, 4).Select(n => new RolloutLease(databases, TimeProvider.System, new RolloutLeaseOptions { Holder = $"hub-{n}", Duration = Duration })).ToList();

        var answers = await Task.WhenAll(hubs.Select(hub => Task.Run(() => hub.TryTakeAsync(id, ct), ct)));

        Assert.Single(answers, a => a is null);
        var winner = hubs[Array.IndexOf(answers, null)].Holder;
        Assert.All(answers.OfType<RolloutLeaseHeld>(), held => Assert.Equal(winner, held.Holder));
    }

    [Fact]
    public async Task NoSuchRollout_IsNotHeldByAnyone_SoTheWorkRunsAndSaysItIsUnknown()
    {
        using var database = await Scaling.TestDatabase.CreateAsync(DatabaseProvider.Sqlite, servers);
        var ct = TestContext.Current.CancellationToken;
        await (await database.OpenAsync(ct)).DisposeAsync();
        var lease = new RolloutLease(new DataDirectoryContextFactory(database.Location), TimeProvider.System, new RolloutLeaseOptions());

        Assert.Null(await lease.TryTakeAsync("ro_000000000000", ct));
    }

    private static async Task<string> AddRunningRolloutAsync(Scaling.TestDatabase database, CancellationToken ct)
    {
        var (created, _) = RolloutRules.Create("ro_4f2a9c1e7b30", ["host", "isolate"], "10de:2204", [("gpu-node-017", "pl_7d1e", null), ("gpu-node-018", "pl_9a3c", null)], 1, "olivia", Started);
        var (running, problem) = RolloutRules.Start(created!, "olivia", Started);
        Assert.Null(problem);
        await using var db = await database.OpenAsync(ct);
        await new RolloutStore(db).AddAsync(running!, new Dictionary<string, string?>(), ct);
        return running!.Id;
    }

    private sealed class AdjustableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
