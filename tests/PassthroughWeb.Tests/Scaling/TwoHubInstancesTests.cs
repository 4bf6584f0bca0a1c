using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Tests.Browser;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Scaling;

/// <summary>
/// Two hub instances (real <c>serve</c> processes, each with its own port and data directory) on one PostgreSQL and
/// one Redis, configured as docs/scaling.md says (PASSTHROUGHWEB_DATABASE, PASSTHROUGHWEB_REDIS): an agent connected to
/// instance A is online at instance B, B's clients get A's events, and a plan asked at B's API is made by the agent on A.
/// </summary>
[Collection(FleetServersCollection.Name)]
public sealed class TwoHubInstancesTests(FleetServers servers)
{
    private const string Host = "gpu-node-031";

    [Fact]
    public async Task AnAgentOnInstanceA_IsOnlineAtB_ItsEventsReachB_AndAPlanAskedAtBIsMadeByIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string>
        {
            [CommonOptions.DatabaseEnvironmentVariable] = await servers.NewDatabaseAsync(),
            [ServeCommand.RedisEnvironmentVariable] = servers.Redis,
        };
        await using var a = new RunningApp(["--agent-timeout", "10"], demo: false, environment: environment);
        await using var b = new RunningApp(["--agent-timeout", "10"], withAdmin: false, demo: false, environment: environment);
        // Started together: one migrates the shared database while the other waits for its lock.
        await Task.WhenAll(a.InitializeAsync().AsTask(), b.InitializeAsync().AsTask());
        Assert.Null(a.Unavailable);
        var scratch = Directory.CreateTempSubdirectory("pw-two-hubs-").FullName;
        try
        {
            var root = Path.Combine(scratch, Host);
            Directory.CreateDirectory(root);
            HostTreeWriter.Write(new HostRoot(root), SampleWorkstation.Spec with { HostName = Host });
            var agentToken = await CliRun.RunAsync(a.Cli, "token", "create", "--agent", Host, "--data", a.DataDirectory);
            Assert.True(agentToken.ExitCode == ExitCodes.Success, agentToken.ToString());
            // The Admin and the tokens live in the shared database: one made beside A is good at B.
            var readerToken = await a.CreateTokenAsync("reader-at-b");
            using var atB = new HttpClient();
            atB.DefaultRequestHeaders.Authorization = new("Bearer", readerToken);
            await using var watchAtB = CliProcess.Start("watch", "--url", b.BaseAddress.ToString(), "--token", readerToken, "--host", Host, "--json");

            await using var agent = CliProcess.Start("agent", "--hub", a.BaseAddress.ToString(), "--token", agentToken.StandardOutput.TrimEnd().Split('\n')[^1],
                "--root", root, "--data", Path.Combine(scratch, "agent-data"));
            var online = await WaitForHostAsync(atB, b, h => h.GetProperty("online").GetBoolean(), "online at B", agent, a);
            Assert.Equal("agent", online.GetProperty("source").GetString());
            // The Hosts page of B, as it is first rendered, shows it online too.
            var hostsPage = await atB.GetStringAsync(b.Url(""), ct);
            Assert.Matches($"data-host=\"{Host}\"[^>]*data-online=\"true\"", hostsPage);
            // A's feed said so, and B's watchers heard it.
            await watchAtB.WaitUntilAsync(w => w.JsonLines().Any(e => e.GetProperty("type").GetString() == "host-online"), AgentFleet.Patience, "host-online from A at B's watch");

            // Asked at B, made by the agent connected to A: SignalR's client result through the Redis backplane.
            using var planned = await atB.PostAsJsonAsync(b.Url($"api/hosts/{Host}/plan"),
                new { gpu = SampleWorkstation.GuestGpu.ToString(), steps = new[] { "host", "isolate" } }, ct);
            var body = await planned.Content.ReadAsStringAsync(ct);
            Assert.True(planned.StatusCode == HttpStatusCode.OK, $"{(int)planned.StatusCode}: {body}\n{agent}\n--- A\n{a.Output}\n--- B\n{b.Output}");
            var plan = JsonDocument.Parse(body).RootElement;
            Assert.Equal("planned", plan.GetProperty("outcome").GetString());
            Assert.Contains(plan.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "/etc/modprobe.d/vfio.conf");

            await agent.KillAsync();
            await WaitForHostAsync(atB, b, h => !h.GetProperty("online").GetBoolean(), "offline at B after its agent was killed", agent, a);
            await watchAtB.WaitUntilAsync(w => w.JsonLines().Any(e => e.GetProperty("type").GetString() == "host-offline"), AgentFleet.Patience, "host-offline from A at B's watch");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<JsonElement> WaitForHostAsync(HttpClient client, RunningApp hub, Func<JsonElement, bool> condition, string what, CliProcess agent, RunningApp other)
    {
        var deadline = DateTime.UtcNow + AgentFleet.Patience;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(hub.Url("api/hosts"));
            response.EnsureSuccessStatusCode();
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Where(h => h.GetProperty("name").GetString() == Host).Select(h => (JsonElement?)h.Clone()).FirstOrDefault();
            if (last is { } entry && condition(entry)) return entry;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited for {Host} {what}; last entry: {last?.GetRawText() ?? "none"}\n{agent}\n--- this hub\n{hub.Output}\n--- the other\n{other.Output}");
    }
}
