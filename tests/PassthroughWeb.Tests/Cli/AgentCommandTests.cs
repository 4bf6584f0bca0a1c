using System.Net;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// The agent verb against a real hub on loopback: agents on two machines register and report, one dies and comes back,
/// a revoked token is refused at once, and bad input is told apart by its exit code.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentCommandTests(AgentFleet fleet)
{
    private static bool Connected(CliProcess agent, int times = 1) =>
        agent.Error.Count(l => l.StartsWith("agent: connected to ", StringComparison.Ordinal)) >= times;

    [Fact]
    public async Task TwoAgents_ReportTheirHosts_AKilledOneGoesOfflineAndComesBackOnline()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await using var gpuNode = fleet.StartAgent("gpu-node-017", await fleet.AgentTokenAsync("gpu-node-017"));
        var renderToken = await fleet.AgentTokenAsync("render-003");
        var render = fleet.StartAgent("render-003", renderToken, "--name", "render-003");
        try
        {
            var node = await fleet.WaitForHostAsync("gpu-node-017", AgentFleet.Online, "online", gpuNode);
            var renderHost = await fleet.WaitForHostAsync("render-003", AgentFleet.Online, "online", render);

            foreach (var host in new[] { node, renderHost })
            {
                Assert.Equal("agent", host.GetProperty("source").GetString());
                var gpus = host.GetProperty("gpus").EnumerateArray().ToList();
                Assert.Equal([SampleWorkstation.HostGpu.ToString(), SampleWorkstation.GuestGpu.ToString()], gpus.Select(g => g.GetProperty("address").GetString()));
                Assert.All(gpus, g => Assert.Contains(g.GetProperty("verdict").GetString(), new[] { "ready", "shared-group", "blocked" }));
                Assert.True(host.GetProperty("lastSeen").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            }
            // The hub's own machine stays what it was: read locally, online.
            var local = Assert.Single((await fleet.HostsAsync()).EnumerateArray(), h => h.GetProperty("source").GetString() == "local");
            Assert.True(AgentFleet.Online(local));

            await render.KillAsync();
            var offline = await fleet.WaitForHostAsync("render-003", h => !AgentFleet.Online(h), "offline after its agent was killed");
            Assert.Equal(2, offline.GetProperty("gpus").GetArrayLength());
            Assert.True(AgentFleet.Online((await fleet.HostAsync("gpu-node-017"))!.Value));

            await render.DisposeAsync();
            render = fleet.StartAgent("render-003", renderToken, "--name", "render-003");
            await fleet.WaitForHostAsync("render-003", AgentFleet.Online, "online again", render);
            // The new agent reports at its connect, as it does after a reboot.
            await render.WaitUntilAsync(a => Connected(a), AgentFleet.Patience, "the report after the reconnect");
        }
        finally
        {
            await render.DisposeAsync();
        }
    }

    [Fact]
    public async Task RevokingTheToken_ClosesTheLiveConnectionAtOnce_AndTheAgentIsRefused()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await using var agent = fleet.StartAgent("gpu-node-042", await fleet.AgentTokenAsync("gpu-node-042"));
        await fleet.WaitForHostAsync("gpu-node-042", AgentFleet.Online, "online", agent);

        var revoke = await CliRun.RunAsync("token", "revoke", "--agent", "gpu-node-042", "--data", fleet.Hub.DataDirectory);
        Assert.True(revoke.ExitCode == ExitCodes.Success, revoke.ToString());

        await fleet.WaitForHostAsync("gpu-node-042", h => !AgentFleet.Online(h), "offline after its token was revoked", agent);
        Assert.Equal(ExitCodes.NotAllowed, await agent.WaitForExitAsync(AgentFleet.Patience));
        // The hub's word that it was revoked, or (when the closing overtook that message) the refusal of its next attempt.
        Assert.Contains(agent.Error, l => l.Contains("token of gpu-node-042 was revoked", StringComparison.Ordinal) || l.Contains("refused the token (401)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAgentToken_OpensNoApi_AndAUsersTokenOpensNoAgentHub()
    {
        Assert.Null(fleet.Hub.Unavailable);
        using var asAgent = new HttpClient();
        asAgent.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.AgentTokenAsync("gpu-node-099"));
        using var api = await asAgent.GetAsync(fleet.Hub.Url("api/hosts"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);

        await using var agent = fleet.StartAgent("render-011", await fleet.Hub.CreateTokenAsync("not-an-agent"));
        Assert.Equal(ExitCodes.NotAllowed, await agent.WaitForExitAsync(AgentFleet.Patience));
        Assert.Null(await fleet.HostAsync("render-011"));
    }

    [Fact]
    public async Task ATokenForAnotherHost_IsRefusedWithTheNameToUse()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await using var agent = fleet.StartAgent("render-012", await fleet.AgentTokenAsync("render-013"));

        Assert.Equal(ExitCodes.Refused, await agent.WaitForExitAsync(AgentFleet.Patience));
        Assert.Contains(agent.Error, l => l.Contains("--name render-013", StringComparison.Ordinal));
        Assert.Null(await fleet.HostAsync("render-012"));
        Assert.Null(await fleet.HostAsync("render-013"));
    }

    [Theory]
    [InlineData(ExitCodes.UsageError, "not a url", "pwt_x", "is not a hub address")]
    [InlineData(ExitCodes.UsageError, "ftp://127.0.0.1/", "pwt_x", "is not a hub address")]
    [InlineData(ExitCodes.UsageError, null, "", "needs this host's agent token")]
    [InlineData(ExitCodes.NotAllowed, null, "pwt_ThisTokenWasNeverMadeByTheHubAtAll_0123456789", "refused the token")]
    public async Task BadInput_SaysWhyWithItsExitCode(int exitCode, string? hub, string token, string message)
    {
        Assert.Null(fleet.Hub.Unavailable);
        var run = await CliRun.RunAsync(CliServices.Default with { GetEnvironmentVariable = _ => null },
            "agent", "--hub", hub ?? fleet.Hub.BaseAddress.ToString(), "--token", token, "--root", fleet.HostRoot("render-020"), "--data", fleet.AgentData("render-020"));

        Assert.True(exitCode == run.ExitCode, run.ToString());
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
    }
}
