using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Services;
using PassthroughWeb.Tests.Services.Operations;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// Step 4's VMs and step 5 of an agent's host through the hub's API: the same routes, answered by a real <c>agent</c>
/// process from its own libvirt (its <c>--connect</c>, the tests' libvirtd) and recorded in its own history; while the
/// agent is away the host is still known and the API says its agent is offline (503).
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class VmsApiAgentTests(LibvirtDaemon daemon, AgentVmHub hub) : IClassFixture<AgentVmHub>
{
    private const string Host = "gpu-node-063";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentsHost_VmsListedAndStepFiveMarkedThroughItsAgent_ThenOffline503()
    {
        daemon.Require();
        using var root = new TemporaryHostRoot();
        HostTreeWriter.Write(root.Root, SampleWorkstation.Spec with { HostName = Host });
        await using var domain = await TestDomain.DefineAsync(daemon, "api-agent-vms");
        using var viewer = await ClientAsync("valerie", Role.Viewer);
        using var operatorClient = await ClientAsync("oscar", Role.Operator);
        var (agent, _) = await hub.StartAgentAsync(Host, root.Path);
        await using (agent)
        {
            var list = await GetAsync(viewer, $"api/hosts/{Host}/vms");

            Assert.True(list.Status == HttpStatusCode.OK, $"{(int)list.Status}\n{list.Body}\n{agent}");
            Assert.Equal(LibvirtDaemon.Uri, list.Body.GetProperty("connection").GetString());
            Assert.Contains(list.Body.GetProperty("vms").EnumerateArray(), v => v.GetProperty("name").GetString() == domain.Name);

            var guest = new { gpu = SampleWorkstation.GuestGpu.ToString(), vm = domain.Name };
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, $"api/hosts/{Host}/guest/done", guest)).Status);
            var done = await PostAsync(operatorClient, $"api/hosts/{Host}/guest/done", guest);

            Assert.True(done.Status == HttpStatusCode.OK, $"{(int)done.Status}\n{done.Body}\n{agent}");
            Assert.NotEqual(JsonValueKind.Null, done.Body.GetProperty("markedDoneAt").ValueKind);
            // In the agent's history, where the host's history lives, naming the hub's user.
            var history = await GetAsync(viewer, $"api/hosts/{Host}/history");
            var marked = Assert.Single(history.Body.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == VmSteps.GuestDoneEvent);
            Assert.Equal("oscar via hub", marked.GetProperty("user").GetString());

            await agent.KillAsync();
            var deadline = DateTime.UtcNow + AgentFleet.Patience;
            while (hub.Services.GetRequiredService<AgentConnections>().Find(Host) is not null)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The hub still has {Host}'s agent connected after {AgentFleet.Patience.TotalSeconds} s.\n{agent}");
                await Task.Delay(100, Ct);
            }

            var offline = await GetAsync(viewer, $"api/hosts/{Host}/vms");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, offline.Status);
            Assert.Contains($"{Host}'s agent is offline", offline.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await ApiHost.PostJsonAsync(client, path, body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }

    /// <summary>A client sending the access token of a new hub user with <paramref name="role"/>.</summary>
    private async Task<HttpClient> ClientAsync(string user, Role role)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(TestActors.Admin, user, role, ApiHost.Password);
        Assert.True(added.Succeeded, added.Message);
        var token = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateAsync(TestActors.Admin, user, "api-tests", null, Ct);
        var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token?.Secret ?? throw new InvalidOperationException(token.Message));
        return client;
    }
}
