using PassthroughWeb.Load;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Load;

/// <summary>
/// The load tool (bench/PassthroughWeb.Load), run small: a real hub process, twenty simulated agents and a watcher of
/// the status hub. It proves the tool measures what it says (every agent online at the hub, every status change at the
/// watcher); the hub's figures themselves are docs/performance.md's business, never asserted here.
/// </summary>
public sealed class LoadRunTests
{
    [Fact]
    public async Task TwentyAgents_AreOnlineAtTheHub_AndEveryStatusChangeReachesTheWatcher()
    {
        var hubDll = RunningApp.FindWebAppDll();
        Assert.True(hubDll is not null, "The web app's build output was not found: build the solution first.");
        var settings = new LoadSettings
        {
            HubDll = hubDll,
            Agents = 20,
            StatusEvery = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Window = TimeSpan.FromSeconds(3),
            Patience = TimeSpan.FromSeconds(60),
        };

        var result = await LoadRun.RunAsync(settings, TextWriter.Null, TestContext.Current.CancellationToken);

        Assert.Equal(20, result.OnlineAfterConnect);
        Assert.Equal(20, result.OnlineAfterWindow);
        Assert.Equal(0, result.ConnectionsLost);
        // Each agent changes status every second: a 3 s window holds some of each one's, all of which reach the watcher.
        Assert.True(result.StatusChangesSent >= 20, result.Describe());
        var watcher = Assert.Single(result.Watchers);
        Assert.Equal((result.StatusChangesSent, 20, 0), watcher);
        Assert.Equal(result.StatusChangesSent, result.Delays.Count);
        Assert.All(result.Delays, d => Assert.True(d > TimeSpan.Zero, $"A status change arrived {d} after it was sent."));
        Assert.True(result.HubCores > 0 && result.HubRssWindowMax > 0, result.Describe());
    }

    [Theory]
    [InlineData("--agents", "none", "--agents takes a whole number of at least 1, not 'none'.")]
    [InlineData("--agents", "0", "--agents takes a whole number of at least 1, not '0'.")]
    [InlineData("--agnets", "100", "--agnets is not an option of load")]
    [InlineData("--agents", null, "'--agents' needs a value")]
    public void BadArguments_AreRefusedSayingWhy(string option, string? value, string problem)
    {
        var hubDll = typeof(LoadRunTests).Assembly.Location;
        string[] args = value is null ? [option] : [option, value];

        var (settings, _, said) = LoadSettings.Parse(args, hubDll);

        Assert.Null(settings);
        Assert.StartsWith(problem, said, StringComparison.Ordinal);
    }
}
