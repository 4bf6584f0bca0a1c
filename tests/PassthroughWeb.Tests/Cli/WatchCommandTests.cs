using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// <c>watch</c> against the real app on loopback, each side its own process: what a CLI apply and rollback on the same
/// data directory do arrives as JSON lines within seconds; a Viewer's token is enough; a wrong token ends it with exit
/// 20; and when the app restarts, watch says so on stderr, reconnects, and goes on with the new app's events.
/// </summary>
[Collection(WatchCommandCollection.Name)]
public sealed class WatchCommandTests(RunningApp app) : IClassFixture<RunningApp>
{
    // Generous: the machine running the tests may be loaded; the feed itself reaches the app within 2 s.
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DemoRoot => Path.Combine(app.DataDirectory, "demo", SampleWorkstation.HostName);

    private CliProcess Watch(string token, params string[] more) =>
        CliProcess.Start(["watch", "--url", app.BaseAddress.ToString(), "--token", token, "--json", .. more]);

    private static Task ConnectedAsync(CliProcess watch, int times = 1) =>
        watch.WaitUntilAsync(w => w.Error.Count(l => l.StartsWith("watch: connected to ", StringComparison.Ordinal)) >= times, Connect, $"connection {times}");

    private static bool Has(CliProcess watch, string type, Func<JsonElement, bool> where) =>
        watch.JsonLines().Any(e => e.GetProperty("type").GetString() == type && where(e));

    private static bool Of(JsonElement e, string changeSetId) =>
        e.TryGetProperty("changeSetId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == changeSetId;

    [Fact]
    public async Task CliApplyThenRollback_InOtherProcesses_ArriveAsJsonLinesInOrder()
    {
        Assert.Null(app.Unavailable);
        await using var watch = Watch(await app.CreateTokenAsync("watch-apply"), "--host", SampleWorkstation.HostName);
        await ConnectedAsync(watch);

        var apply = await CliProcess.RunAsync("apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", DemoRoot, "--data", app.DataDirectory, "--yes");
        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        var id = Guid.Parse(apply.StandardOutput.Trim()).ToString();
        await watch.WaitUntilAsync(w => Has(w, "change-set-applied", e => Of(e, id)), Arrival, $"change-set-applied of {id}");

        var ofTheSet = watch.JsonLines().Where(e => Of(e, id)).Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("change-set-started", ofTheSet[0]);
        Assert.Contains("file-written", ofTheSet);
        Assert.True(ofTheSet.IndexOf("change-set-applied") > ofTheSet.LastIndexOf("file-written"), string.Join(", ", ofTheSet));
        Assert.All(watch.JsonLines(), e => Assert.Equal(SampleWorkstation.HostName, e.GetProperty("host").GetString()));

        var rollback = await CliProcess.RunAsync("rollback", id, "--data", app.DataDirectory);
        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        await watch.WaitUntilAsync(w => Has(w, "change-set-rolled-back", e => Of(e, id)), Arrival, $"change-set-rolled-back of {id}");
        Assert.False(watch.HasExited);
    }

    [Fact]
    public async Task ApiPlanApplyAndRollback_ArriveWithThePlanIdAndTheChangeSetId()
    {
        Assert.Null(app.Unavailable);
        var token = await app.CreateTokenAsync("watch-api");
        await using var watch = Watch(token, "--host", SampleWorkstation.HostName);
        await ConnectedAsync(watch);
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var planned = await http.PostAsJsonAsync($"api/hosts/{SampleWorkstation.HostName}/plan", new { gpu = SampleWorkstation.GuestGpu.ToString(), steps = new[] { "host", "isolate" } }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, planned.StatusCode);
        var planId = (await planned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("planId").GetString()!;
        using var applied = await http.PostAsJsonAsync($"api/hosts/{SampleWorkstation.HostName}/apply", new { planId }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, applied.StatusCode);
        var id = (await applied.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("changeSetId").GetString()!;

        await watch.WaitUntilAsync(w => Has(w, "change-set-applied", e => Of(e, id)), Arrival, $"change-set-applied of {id}");
        Assert.True(Has(watch, "plan-ready", e => e.GetProperty("planId").GetString() == planId), watch.ToString());
        Assert.Equal("change-set-started", watch.JsonLines().First(e => Of(e, id)).GetProperty("type").GetString());
        Assert.All(watch.JsonLines().Where(e => Of(e, id)), e => Assert.Equal(RunningApp.AdminName, e.GetProperty("user").GetString()));

        using var rolledBack = await http.PostAsync($"api/change-sets/{id}/rollback", JsonContent.Create(new { }), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, rolledBack.StatusCode);
        await watch.WaitUntilAsync(w => Has(w, "change-set-rolled-back", e => Of(e, id)), Arrival, $"change-set-rolled-back of {id}");
    }

    [Fact]
    public async Task ViewerToken_MayWatch_AndSeesAScanMadeByTheCli()
    {
        Assert.Null(app.Unavailable);
        await app.AddUserAsync("victor", "viewer");
        await using var watch = Watch(await app.CreateTokenAsync("watch-viewer", "victor"));
        await ConnectedAsync(watch);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var scan = await CliRun.RunAsync("scan", "--root", DemoRoot, "--data", app.DataDirectory);

        Assert.True(scan.ExitCode == ExitCodes.Success, scan.ToString());
        await watch.WaitUntilAsync(w => Has(w, "scan-stored", e => e.GetProperty("at").GetDateTimeOffset() >= before), Arrival, "the CLI scan's scan-stored");
    }

    [Fact]
    public async Task WrongToken_Exits20SayingTheTokenWasRefused()
    {
        Assert.Null(app.Unavailable);
        await using var watch = Watch("pwt_not-a-token-of-this-app");

        var exitCode = await watch.WaitForExitAsync(Connect);

        Assert.Equal(ExitCodes.NotAllowed, exitCode);
        Assert.Equal(20, exitCode);
        Assert.Empty(watch.Output);
        Assert.Contains(watch.Error, line => line.Contains("refused the token (401)", StringComparison.Ordinal) && line.Contains("token create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAppAtTheAddress_KeepsTryingSayingWhyOnceAndWhen()
    {
        await using var watch = CliProcess.Start("watch", "--url", "http://127.0.0.1:1", "--token", "pwt_any", "--json");

        await watch.WaitUntilAsync(w => w.Error.Count >= 2, Connect, "two attempts");

        Assert.Equal("watch: cannot reach http://127.0.0.1:1: Connection refused (127.0.0.1:1); reconnecting in 1 s.", watch.Error[0]);
        Assert.Equal("watch: cannot reach http://127.0.0.1:1: Connection refused (127.0.0.1:1); reconnecting in 2 s.", watch.Error[1]);
        Assert.Empty(watch.Output);
        Assert.False(watch.HasExited);
    }
}

/// <summary>The restart test stops its own app: it runs apart from the tests sharing one.</summary>
[CollectionDefinition(Name)]
public sealed class WatchCommandCollection
{
    public const string Name = "watch against a running app";
}
