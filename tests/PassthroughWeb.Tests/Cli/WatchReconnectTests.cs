using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Cli;

/// <summary>A dropped connection recovers: the app is killed and started again on the same port and data directory while watch runs.</summary>
[Collection(WatchCommandCollection.Name)]
public sealed class WatchReconnectTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly RunningApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static int Connections(CliProcess watch) => watch.Error.Count(l => l.StartsWith("watch: connected to ", StringComparison.Ordinal));

    [Fact]
    public async Task AppRestarts_WatchSaysItReconnectsAndPrintsTheNewAppsEvents()
    {
        Assert.Null(_app.Unavailable);
        await using var watch = CliProcess.Start("watch", "--url", _app.BaseAddress.ToString(), "--token", await _app.CreateTokenAsync("watch-restart"), "--json");
        await watch.WaitUntilAsync(w => Connections(w) == 1, Patience, "the first connection");

        await _app.StopAsync();
        await watch.WaitUntilAsync(w => w.Error.Any(l => l.Contains("reconnecting in", StringComparison.Ordinal)), Patience, "a line saying it reconnects");
        await _app.StartAgainAsync();
        await watch.WaitUntilAsync(w => Connections(w) == 2, Patience, "the connection to the new app");
        var after = DateTimeOffset.UtcNow.AddSeconds(-1);
        var scan = await CliRun.RunAsync("scan", "--root", Path.Combine(_app.DataDirectory, "demo", SampleWorkstation.HostName), "--data", _app.DataDirectory);

        Assert.True(scan.ExitCode == ExitCodes.Success, scan.ToString());
        await watch.WaitUntilAsync(
            w => w.JsonLines().Any(e => e.GetProperty("type").GetString() == "scan-stored" && e.GetProperty("at").GetDateTimeOffset() >= after),
            Patience, "the scan-stored of a scan made after the restart");
        Assert.False(watch.HasExited);
        Assert.All(watch.Output, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }
}
