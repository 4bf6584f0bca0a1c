using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Rollouts;
using PassthroughWeb.Services.Rollouts;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// A rollout of this app's own host through the API: bad requests change nothing, a Viewer may read but not create,
/// start or roll back; once started the host is applied and waits for its reboot, an Operator's verify before the
/// reboot keeps it waiting and after it completes the rollout; its rollback gives every file back.
/// </summary>
public sealed class RolloutsApiTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    // A short lease, so that a lease left by a hub instance that died is taken over within the test's patience.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(1.5);

    public async ValueTask InitializeAsync() =>
        _api = await ApiHost.StartAsync(services: services => services.AddSingleton(new RolloutLeaseOptions { Duration = LeaseDuration }));

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static object Body(object? hosts = null, int batchSize = 1, string[]? steps = null) =>
        new { hosts = hosts ?? new[] { ApiHost.Name }, batchSize, gpu = ApiHost.GuestGpu, steps = steps ?? ["host", "isolate"] };

    private static async Task<JsonElement> AnswerAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}\n{body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithWhatToSend_AndCreateNothing()
    {
        using var client = _api.Client(Role.Operator);
        Assert.Contains("\"hosts\" is required", (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", new { gpu = ApiHost.GuestGpu, steps = new[] { "host" } }), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("batch size must be at least 1", (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body(batchSize: 0)), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("step 4 changes a VM", (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", new { hosts = new[] { ApiHost.Name }, gpu = ApiHost.GuestGpu, steps = new[] { "vm" } }), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no host named 'gpu-node-404'", (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body(new[] { ApiHost.Name, "gpu-node-404" })), HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("named more than once", (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body(new[] { ApiHost.Name, ApiHost.Name })), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var viewer = _api.Client(Role.Viewer);
        await AnswerAsync(ApiHost.PostJsonAsync(viewer, "api/rollouts", Body()), HttpStatusCode.Forbidden);
        await AnswerAsync(viewer.GetAsync(new Uri("api/rollouts/ro_000000000000", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Equal(0, (await AnswerAsync(viewer.GetAsync(new Uri("api/rollouts", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task ARolloutOfThisAppsHost_WaitsForItsReboot_CompletesWhenVerified_AndRollsBack()
    {
        using var client = _api.Client(Role.Operator);
        using var viewer = _api.Client(Role.Viewer);
        var before = _api.Host.Snapshot();
        var rollout = await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body()), HttpStatusCode.OK);
        var id = rollout.GetProperty("id").GetString()!;
        Assert.Matches("^ro_[0-9a-f]{12}$", id);
        Assert.Equal("planned", rollout.GetProperty("state").GetString());
        var host = rollout.GetProperty("hosts")[0];
        Assert.Equal(host.GetProperty("planId").GetString(), host.GetProperty("plan").GetProperty("planId").GetString());
        Assert.Equal(before, _api.Host.Snapshot());

        await AnswerAsync(ApiHost.PostJsonAsync(viewer, $"api/rollouts/{id}/start", null), HttpStatusCode.Forbidden);
        await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/start", null), HttpStatusCode.OK);
        Assert.Contains("was started already", (await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/start", null), HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        rollout = await WaitForAsync(viewer, id, r => r.GetProperty("hosts")[0].GetProperty("state").GetString() == "rebootNeeded");
        Assert.NotEqual(before, _api.Host.Snapshot());

        // Not rebooted yet: it keeps waiting, and says what to do.
        rollout = await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/verify", null), HttpStatusCode.OK);
        Assert.Equal("rebootNeeded", rollout.GetProperty("hosts")[0].GetProperty("state").GetString());
        Assert.Contains("Waits for the reboot", rollout.GetProperty("next").GetString(), StringComparison.Ordinal);

        _api.Host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");
        rollout = await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/verify", null), HttpStatusCode.OK);
        Assert.Equal("completed", rollout.GetProperty("state").GetString());
        Assert.Equal("verified", rollout.GetProperty("hosts")[0].GetProperty("state").GetString());

        await AnswerAsync(ApiHost.PostJsonAsync(viewer, $"api/rollouts/{id}/rollback", null), HttpStatusCode.Forbidden);
        rollout = await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/rollback", null), HttpStatusCode.OK);
        Assert.Equal("rolledBack", rollout.GetProperty("state").GetString());
        var after = _api.Host.Snapshot();
        foreach (var file in rollout.GetProperty("hosts")[0].GetProperty("plan").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!))
            Assert.Equal(before.GetValueOrDefault(file), after.GetValueOrDefault(file));
        Assert.Contains("has no change set on any host to roll back", (await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/rollback", null), HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunningRollout_IsResumedAfterAHubRestart_AndVerifiesTheHostThatRebootedMeanwhile()
    {
        var rollout = await AnswerAsync(ApiHost.PostJsonAsync(_api.Client(Role.Operator), "api/rollouts", Body()), HttpStatusCode.OK);
        var id = rollout.GetProperty("id").GetString()!;
        await AnswerAsync(ApiHost.PostJsonAsync(_api.Client(Role.Operator), $"api/rollouts/{id}/start", null), HttpStatusCode.OK);
        await WaitForAsync(_api.Client(Role.Viewer), id, r => r.GetProperty("hosts")[0].GetProperty("state").GetString() == "rebootNeeded");

        // The hub's own machine reboots: the hub restarts with it, and nobody asks for a verify.
        _api.Host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");
        await _api.App.RestartAsync();

        rollout = await WaitForAsync(_api.Client(Role.Viewer), id, r => r.GetProperty("state").GetString() != "running");
        Assert.Equal("completed", rollout.GetProperty("state").GetString());
        Assert.Equal("verified", rollout.GetProperty("hosts")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task ARolloutLeftByAHubInstanceThatDied_IsTakenOverOnceItsLeaseEnds()
    {
        using var client = _api.Client(Role.Operator);
        var ct = TestContext.Current.CancellationToken;
        var id = (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body()), HttpStatusCode.OK)).GetProperty("id").GetString()!;
        await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/start", null), HttpStatusCode.OK);
        await WaitForAsync(client, id, r => r.GetProperty("hosts")[0].GetProperty("state").GetString() == "rebootNeeded");

        // Another instance took the lease (once this one gave it back after storing the wait) and died with it; the
        // host rebooted meanwhile, and nobody asks for a verify.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await PassthroughDatabase.OpenAsync(_api.App.DataDirectory, ct);
            if (await new RolloutStore(db).TryLeaseAsync(id, "hub-b/3907/77d0b2f1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + LeaseDuration, ct)) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "The hub kept its lease of the waiting rollout for 10 s.");
            await Task.Delay(20, ct);
        }
        _api.Host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");

        var rollout = await WaitForAsync(client, id, r => r.GetProperty("state").GetString() != "running");
        Assert.Equal("completed", rollout.GetProperty("state").GetString());
        await using (var db = await PassthroughDatabase.OpenAsync(_api.App.DataDirectory, ct))
            Assert.Equal((null, null), await new RolloutStore(db).LeaseOfAsync(id, ct));
    }

    [Fact]
    public async Task ARolloutAnotherHubInstanceMovesOn_IsRefusedWithWhoHoldsIt_AndWorksOnceItIsGivenBack()
    {
        using var client = _api.Client(Role.Operator);
        var id = (await AnswerAsync(ApiHost.PostJsonAsync(client, "api/rollouts", Body()), HttpStatusCode.OK)).GetProperty("id").GetString()!;
        var ct = TestContext.Current.CancellationToken;
        const string other = "hub-b/3907/77d0b2f1";
        await using (var db = await PassthroughDatabase.OpenAsync(_api.App.DataDirectory, ct))
            Assert.True(await new RolloutStore(db).TryLeaseAsync(id, other, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), ct));

        foreach (var verb in new[] { "start", "verify", "rollback" })
            Assert.Contains($"being moved on by hub instance {other}", (await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/{verb}", null), HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("planned", (await AnswerAsync(client.GetAsync(new Uri($"api/rollouts/{id}", UriKind.Relative), ct), HttpStatusCode.OK)).GetProperty("state").GetString());

        await using (var db = await PassthroughDatabase.OpenAsync(_api.App.DataDirectory, ct))
            await new RolloutStore(db).ReleaseLeaseAsync(id, other, ct);
        Assert.Equal("running", (await AnswerAsync(ApiHost.PostJsonAsync(client, $"api/rollouts/{id}/start", null), HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            last = await AnswerAsync(client.GetAsync(new Uri($"api/rollouts/{id}", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.OK);
            if (condition(last)) return last;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Waited 60 s for rollout {id}; last answer: {last}");
    }
}
