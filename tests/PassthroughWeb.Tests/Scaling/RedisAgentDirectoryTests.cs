using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Web.Agents;
using PassthroughWeb.Web.Scaling;
using StackExchange.Redis;

namespace PassthroughWeb.Tests.Scaling;

/// <summary>
/// The connected agents of two hub instances, kept in a real Redis: each instance's registry finds the other's, a newer
/// connection elsewhere wins, and the agents of an instance that dies go offline everywhere when their entries expire.
/// </summary>
[Collection(FleetServersCollection.Name)]
public sealed class RedisAgentDirectoryTests(FleetServers servers) : IDisposable
{
    private static readonly AgentHubSettings Settings = new() { OfflineAfter = TimeSpan.FromSeconds(1) };

    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(ScaleOut.Configuration(servers.Redis));

    private (AgentConnections Agents, RedisAgentDirectory Directory) Instance(HostEventFeed feed)
    {
        var directory = new RedisAgentDirectory(_redis, Settings, NullLogger<RedisAgentDirectory>.Instance);
        return (new AgentConnections(feed, TimeProvider.System, directory), directory);
    }

    [Fact]
    public void AnAgentOnA_IsFoundByB_WithItsSteps_AndANewerConnectionOnBOutlivesTheOldOneClosingOnA()
    {
        var (a, _) = Instance(new HostEventFeed());
        var feedB = new HostEventFeed();
        var (b, _) = Instance(feedB);

        var atA = a.Connect("gpu-node-041", "conn-a", tokenId: 3, abort: () => { });
        a.Reported("gpu-node-041", "conn-a", new AgentReport
        {
            HostName = "gpu-node-041",
            ProfileJson = "{}",
            Steps = [new AgentStepStatus { Number = 2, State = "reboot-needed", IsNext = true }],
        });

        var seenFromB = WaitFor(() => b.Find("gpu-node-041") is { LastReport: not null } found ? found : null);
        Assert.Equal(("conn-a", 3, atA.ConnectedAt), (seenFromB.ConnectionId, seenFromB.TokenId, seenFromB.ConnectedAt));
        Assert.Equal("reboot-needed", Assert.Single(seenFromB.LastReport!.Steps).State);
        Assert.True(b.IsOnline("gpu-node-041"));
        Assert.Empty(b.All);

        // The agent comes back through B before A has timed out its old connection; then A's ends.
        b.Connect("gpu-node-041", "conn-b", tokenId: 3, abort: () => { });
        Assert.False(a.Disconnect("gpu-node-041", "conn-a"));
        Assert.Equal("conn-b", a.Find("gpu-node-041")?.ConnectionId);

        Assert.True(b.Disconnect("gpu-node-041", "conn-b"));
        Assert.False(a.IsOnline("gpu-node-041"));
        using var atB = feedB.Subscribe("gpu-node-041", TestContext.Current.CancellationToken);
        Assert.Equal(["HostOnline", "HostOffline"], atB.Snapshot.Select(e => e.GetType().Name));
    }

    [Fact]
    public async Task TheAgentsOfAnInstanceThatStopsRenewing_GoOfflineAtTheOthers_WithinTheAgentTimeout()
    {
        var (a, directoryA) = Instance(new HostEventFeed());
        var (b, _) = Instance(new HostEventFeed());
        using var running = new CancellationTokenSource();
        await directoryA.StartAsync(running.Token);
        a.Connect("gpu-node-042", "conn-a", tokenId: 4, abort: () => { });

        // Renewed every third of the timeout while A lives: still there after several timeouts.
        await Task.Delay(Settings.OfflineAfter * 3, TestContext.Current.CancellationToken);
        Assert.True(b.IsOnline("gpu-node-042"));

        // A dies: nothing renews, nothing removes.
        await running.CancelAsync();
        directoryA.Dispose();
        WaitFor(() => b.IsOnline("gpu-node-042") ? null : "offline");
    }

    [Fact]
    public async Task ARedisThatDoesNotAnswer_IsNamedBeforeTheHubListens()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRedisScaleOut(services.AddDataProtection(), "127.0.0.1:1");
        await using var provider = services.BuildServiceProvider();

        var problem = await ScaleOutCheck.ProblemAsync(provider);

        Assert.NotNull(problem);
        Assert.Contains("127.0.0.1:1", problem, StringComparison.Ordinal);
    }

    private static T WaitFor<T>(Func<T?> found) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (found() is { } value) return value;
            Thread.Sleep(20);
        }
        throw new TimeoutException("Waited 30 s in vain.");
    }

    public void Dispose() => _redis.Dispose();
}
