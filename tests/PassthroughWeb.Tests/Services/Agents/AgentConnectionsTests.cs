using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Tests.Services.Agents;

/// <summary>The registry of live agents: a host is online while its agent is connected, once, and its feed says when that changes.</summary>
public sealed class AgentConnectionsTests
{
    private readonly HostEventFeed _feed = new();
    private readonly AgentConnections _agents;

    public AgentConnectionsTests() => _agents = new AgentConnections(_feed, TimeProvider.System);

    private IReadOnlyList<string> Events(string host)
    {
        using var subscription = _feed.Subscribe(host, TestContext.Current.CancellationToken);
        return [.. subscription.Snapshot.Select(e => e.GetType().Name)];
    }

    [Fact]
    public void Connect_PutsTheHostOnlineAndSaysSoOnItsFeed()
    {
        _agents.Connect("gpu-node-017", "c1", tokenId: 7, abort: () => { });

        Assert.True(_agents.IsOnline("gpu-node-017"));
        Assert.False(_agents.IsOnline("render-003"));
        Assert.Equal(["HostOnline"], Events("gpu-node-017"));
    }

    [Fact]
    public void Disconnect_TakesTheHostOfflineAndSaysSo()
    {
        _agents.Connect("gpu-node-017", "c1", 7, () => { });

        Assert.True(_agents.Disconnect("gpu-node-017", "c1"));
        Assert.False(_agents.IsOnline("gpu-node-017"));
        Assert.Equal(["HostOnline", "HostOffline"], Events("gpu-node-017"));
    }

    [Fact]
    public void ASecondConnectionOfTheSameHost_ClosesTheFirstAndTheHostStaysOnline()
    {
        var firstAborted = false;
        _agents.Connect("gpu-node-017", "before-reboot", 7, () => firstAborted = true);
        _agents.Connect("gpu-node-017", "after-reboot", 7, () => { });

        Assert.True(firstAborted);
        // The old connection ends after the new one started: that is not the host going offline.
        Assert.False(_agents.Disconnect("gpu-node-017", "before-reboot"));
        Assert.True(_agents.IsOnline("gpu-node-017"));
        Assert.Equal("after-reboot", _agents.Find("gpu-node-017")!.ConnectionId);
        Assert.Equal(["HostOnline"], Events("gpu-node-017"));
    }

    [Fact]
    public void DropRevoked_ClosesOnlyTheConnectionsOfTokensNoLongerActive()
    {
        var aborted = new List<string>();
        _agents.Connect("gpu-node-017", "c1", 7, () => aborted.Add("gpu-node-017"));
        _agents.Connect("render-003", "c2", 8, () => aborted.Add("render-003"));

        var dropped = _agents.DropRevoked(new HashSet<int> { 7, 8 }, new HashSet<int> { 8 });

        Assert.Equal(["gpu-node-017"], dropped);
        Assert.Equal(["gpu-node-017"], aborted);
        Assert.False(_agents.IsOnline("gpu-node-017"));
        Assert.True(_agents.IsOnline("render-003"));
        Assert.Equal(["HostOnline", "HostOffline"], Events("gpu-node-017"));
        // SignalR's own disconnect follows the abort: it must not say offline twice.
        Assert.False(_agents.Disconnect("gpu-node-017", "c1"));
        Assert.Equal(["HostOnline", "HostOffline"], Events("gpu-node-017"));
    }

    [Fact]
    public void DropRevoked_KeepsAConnectionMadeWhileTheTokensWereChecked()
    {
        var aborted = new List<string>();
        _agents.Connect("gpu-node-017", "c1", 7, () => aborted.Add("gpu-node-017"));
        // The check read token 7 only; render-003 connected with token 8 while the query ran.
        _agents.Connect("render-003", "c2", 8, () => aborted.Add("render-003"));

        var dropped = _agents.DropRevoked(new HashSet<int> { 7 }, new HashSet<int> { 7 });

        Assert.Empty(dropped);
        Assert.Empty(aborted);
        Assert.True(_agents.IsOnline("render-003"));
        Assert.Equal(["HostOnline"], Events("render-003"));
    }

    [Fact]
    public void Reported_KeepsTheReportWithTheCurrentConnectionOnly()
    {
        _agents.Connect("gpu-node-017", "old", 7, () => { });
        _agents.Connect("gpu-node-017", "new", 7, () => { });
        var report = new AgentReport { HostName = "gpu-node-017", ProfileJson = "{}" };

        _agents.Reported("gpu-node-017", "old", report);
        Assert.Null(_agents.Find("gpu-node-017")!.LastReport);

        _agents.Reported("gpu-node-017", "new", report);
        Assert.Same(report, _agents.Find("gpu-node-017")!.LastReport);
    }
}
