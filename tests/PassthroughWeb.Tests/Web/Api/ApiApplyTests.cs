using System.Net;
using System.Text.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Locking;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// Apply takes the id of the plan that was shown and changes the host only while it still gives that very plan: a
/// stale plan is 409 naming what changed, a host held by another change is 423 naming who and what, and neither
/// touches a file.
/// </summary>
public sealed class ApiApplyTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await ApiHost.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static async Task<string> PlanIdAsync(HttpClient client)
    {
        using var response = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("planId").GetString()!;
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}\n{body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Apply_HostChangedSinceThePlan_ConflictNamingWhatChanged_AndNothingWritten()
    {
        using var client = _api.Client(Role.Operator);
        var planId = await PlanIdAsync(client);
        // Someone edits the boot loader's defaults after the plan was shown.
        var grub = _api.Host.MachinePath("etc/default/grub");
        File.WriteAllText(grub, File.ReadAllText(grub).Replace("quiet splash", "quiet", StringComparison.Ordinal));
        var before = _api.Host.Snapshot();

        using var response = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId });

        var detail = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(planId, detail, StringComparison.Ordinal);
        Assert.Contains("/etc/default/grub", detail, StringComparison.Ordinal);
        Assert.Equal(before, _api.Host.Snapshot());
    }

    [Fact]
    public async Task Apply_WhileAnotherProcessHoldsTheHost_LockedNamingWhoAndWhat_AndNothingWritten()
    {
        using var client = _api.Client(Role.Operator);
        var planId = await PlanIdAsync(client);
        var before = _api.Host.Snapshot();
        // As the CLI in another process would: the same lock file in the same data directory.
        var otherProcess = new HostChangeLock(_api.App.DataDirectory, TimeProvider.System);
        var held = await otherProcess.TryAcquireAsync(ApiHost.Name, ChangeActivity.Apply("root", ["host"]), TestContext.Current.CancellationToken);
        Assert.True(held.Acquired);
        await using (held.Lease)
        {
            using var response = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId });

            var detail = await ProblemAsync(response, HttpStatusCode.Locked);
            Assert.Contains("root", detail, StringComparison.Ordinal);
            Assert.Contains("applying steps host", detail, StringComparison.Ordinal);
            Assert.Equal(before, _api.Host.Snapshot());
        }

        // Once the other change is done, the same plan applies.
        using var after = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before, _api.Host.Snapshot());
    }

    [Fact]
    public async Task Apply_ByAnIdNeverShown_ConflictSayingToPlanFirst()
    {
        using var client = _api.Client(Role.Operator);

        using var response = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId = "pl_0123456789abcdef01234567" });

        Assert.Contains("no plan pl_0123456789abcdef01234567 was shown", await ProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithoutAPlanId_BadRequestPointingAtThePlanRoute()
    {
        using var client = _api.Client(Role.Operator);
        var before = _api.Host.Snapshot();

        using var steps = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } });
        using var malformed = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId = "../../etc/passwd" });
        using var missing = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { });

        Assert.Contains("A plan is applied by the id it was shown under", await ProblemAsync(steps, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("is not a plan id", await ProblemAsync(malformed, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("\"planId\" is required", await ProblemAsync(missing, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(before, _api.Host.Snapshot());
    }

    [Fact]
    public async Task RollbackAndRehearse_WhileAnotherProcessHoldsTheHost_LockedNamingWhoAndWhat()
    {
        var applied = await _api.CliAsync("apply", "--steps", "host", "--root", _api.Host.Path, "--yes");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var changeSetId = applied.StandardOutput.Trim();
        using var client = _api.Client(Role.Operator);
        var before = _api.Host.Snapshot();
        var otherProcess = new HostChangeLock(_api.App.DataDirectory, TimeProvider.System);
        var held = await otherProcess.TryAcquireAsync(ApiHost.Name, ChangeActivity.Apply("root", ["isolate"]), TestContext.Current.CancellationToken);
        Assert.True(held.Acquired);
        await using (held.Lease)
        {
            using var rollback = await ApiHost.PostJsonAsync(client, $"api/change-sets/{changeSetId}/rollback", null);
            using var rehearse = await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/rehearse", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } });

            var rolledBack = await ProblemAsync(rollback, HttpStatusCode.Locked);
            var rehearsed = await ProblemAsync(rehearse, HttpStatusCode.Locked);
            Assert.Contains("applying steps isolate", rolledBack, StringComparison.Ordinal);
            Assert.Contains("root", rehearsed, StringComparison.Ordinal);
            Assert.Contains("applying steps isolate", rehearsed, StringComparison.Ordinal);
            Assert.Equal(before, _api.Host.Snapshot());
        }
    }
}
