using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// An agent answers the hub's requests side by side: the .NET SignalR client runs invocations that expect a result
/// concurrently, so a plan of a host answers while a rehearsal of the same host is still booting (only two changes of
/// one host queue, on its lock).
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentConcurrentRequestsTests(AgentFleet fleet)
{
    private const string Host = "gpu-node-081";
    private const string Card = HeldRehearsalAgent.Card;

    [Fact]
    public async Task APlan_AnswersWithinSeconds_WhileARehearsalOfTheSameHostRuns_WhichThenCompletes()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await using var agent = await HeldRehearsalAgent.StartAsync(fleet, Host);
        var qemu = agent.Qemu;
        try
        {
            await fleet.Hub.AddUserAsync("otto", "operator");
            using var otto = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            otto.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.Hub.CreateTokenAsync("otto-lane", "otto"));
            var steps = new { gpu = Card, steps = new[] { "host", "isolate" } };

            var rehearsal = otto.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/rehearse"), steps, TestContext.Current.CancellationToken);
            await qemu.Holding.WaitAsync(AgentFleet.Patience, TestContext.Current.CancellationToken);

            // A plan of the same host while the agent is busy rehearsing, over the same one connection.
            var clock = Stopwatch.StartNew();
            using var planned = await otto.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/plan"), steps, TestContext.Current.CancellationToken);
            var body = await planned.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(planned.StatusCode == HttpStatusCode.OK, $"{(int)planned.StatusCode}: {body}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The plan took {clock.Elapsed.TotalSeconds:0} s while the rehearsal ran.");
            Assert.False(rehearsal.IsCompleted, "The rehearsal ended before QEMU was released.");

            qemu.Release();
            using var rehearsed = await rehearsal;
            var document = await rehearsed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(rehearsed.StatusCode == HttpStatusCode.OK, $"{(int)rehearsed.StatusCode}: {document}");
            Assert.Equal(JsonValueKind.String, JsonDocument.Parse(document).RootElement.GetProperty("outcome").ValueKind);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- agent\n{agent.Output}\n--- hub\n{fleet.Hub.Output}", e);
        }
    }
}
