using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Tests.Drift;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>What applied change sets stand on, kept per host and step: replaced by the next set, forgotten on rollback, read the same without EF.</summary>
[Collection(Scaling.FleetServersCollection.Name)]
public sealed class PlannedDeviceStoreTests(Scaling.FleetServers servers)
{
    private static readonly DateTimeOffset Applied = new(2026, 12, 7, 8, 30, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.Parse("0f6a3c2e-8b1d-4e7a-9c5f-1d2e3f4a5b6c");
    private static readonly Guid Second = Guid.Parse("7c1e9a4b-2d3f-4a5b-8c6d-9e0f1a2b3c4d");

    private static IReadOnlyList<DeviceExpectation> Card(string step) =>
        DeviceExpectations.Of(step, [DriftHosts.Card, DriftHosts.Audio], DriftHosts.Before());

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Replace_ThenList_GivesEveryFactBack_AndTheRawReaderAgrees(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await database.OpenAsync(ct))
        {
            await new PlannedDeviceStore(db).ReplaceAsync("gpu-node-017", "isolate", First, Card("isolate"), Applied, ct);
        }

        await using var reopened = await database.OpenAsync(ct);
        var listed = await new PlannedDeviceStore(reopened).ListAsync("gpu-node-017", ct);
        Assert.Equal(Card("isolate").Select(d => d with { ChangeSetId = First }), listed);
        Assert.Equal(listed, await ProfileWriter.ReadPlannedDevicesAsync(database.Location, "gpu-node-017", ct));
        Assert.Empty(await new PlannedDeviceStore(reopened).ListAsync("workstation", ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task NextSetOfTheSameStep_Replaces_OtherStepsStay_RollbackForgetsOnlyItsSet(DatabaseProvider provider)
    {
        using var database = await Scaling.TestDatabase.CreateAsync(provider, servers);
        var ct = TestContext.Current.CancellationToken;
        await using var db = await database.OpenAsync(ct);
        var store = new PlannedDeviceStore(db);
        var vm = Guid.Parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        await store.ReplaceAsync("gpu-node-017", "isolate", First, Card("isolate"), Applied, ct);
        await store.ReplaceAsync("gpu-node-017", "vm", vm, Card("vm"), Applied, ct);

        await store.ReplaceAsync("gpu-node-017", "isolate", Second, Card("isolate"), Applied.AddHours(1), ct);

        Assert.Equal(["isolate " + Second, "isolate " + Second, "vm " + vm, "vm " + vm],
            (await store.ListAsync("gpu-node-017", ct)).Select(d => $"{d.Step} {d.ChangeSetId}"));
        Assert.Equal(2, await store.ClearAsync(Second, ct));
        Assert.Equal(["vm", "vm"], (await store.ListAsync("gpu-node-017", ct)).Select(d => d.Step));
        Assert.Equal(["gpu-node-017"], (await store.ListAllAsync(ct)).Keys);
    }
}
