using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// A hub waits for an agent's answer no longer than <c>serve --agent-answer-timeout</c>: an agent that holds the request
/// (its process stopped, its connection still open) gets the caller a 504 that says so, and nothing waits for ever.
/// </summary>
public sealed class AgentAnswerTimeoutTests(AgentAnswerTimeoutTests.ImpatientHub hub) : IClassFixture<AgentAnswerTimeoutTests.ImpatientHub>
{
    private const string Host = "gpu-node-058";

    /// <summary>A hub of its own that waits 2 s for an answer (the fleet's hub waits the defaults).</summary>
    public sealed class ImpatientHub : IAsyncLifetime
    {
        public AgentFleet Fleet { get; } = new(["--agent-answer-timeout", "2"]);

        public ValueTask InitializeAsync() => Fleet.InitializeAsync();

        public ValueTask DisposeAsync() => Fleet.DisposeAsync();
    }

    [Fact]
    public async Task AnAgentThatHoldsTheRequest_Answers504AfterTheTimeout_AndAnswersAgainOnceItRuns()
    {
        var fleet = hub.Fleet;
        Assert.Null(fleet.Hub.Unavailable);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.Hub.CreateTokenAsync("timeout-admin"));
        await using var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host));
        await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);

        await agent.SignalAsync(pause: true);
        try
        {
            var clock = Stopwatch.StartNew();
            using var held = await client.PostAsync(fleet.Hub.Url($"api/hosts/{Host}/verify"), null, TestContext.Current.CancellationToken);
            var body = await held.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(held.StatusCode == HttpStatusCode.GatewayTimeout, $"{(int)held.StatusCode}: {body}\n{fleet.Hub.Output}");
            Assert.Contains($"{Host}'s agent did not answer the verify within 2 s", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            // Bounded by the 2 s, well before the 10 s after which the hub takes a silent agent offline.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"The 504 came after {clock.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            await agent.SignalAsync(pause: false);
        }

        using var answered = await client.PostAsync(fleet.Hub.Url($"api/hosts/{Host}/verify"), null, TestContext.Current.CancellationToken);
        var document = await answered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, $"{(int)answered.StatusCode}: {document}\n{agent}\n{fleet.Hub.Output}");
        Assert.Equal("nothingToVerify", JsonDocument.Parse(document).RootElement.GetProperty("outcome").GetString());
    }
}
