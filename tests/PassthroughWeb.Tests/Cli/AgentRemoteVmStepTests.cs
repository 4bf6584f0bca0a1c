using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Step 4 on an agent's host, asked at the hub's API: the agent plans the VM's edit on its own libvirt (its
/// <c>--connect</c>, here the tests' private libvirtd, domains of type qemu so no /dev/kvm is needed) and answers the
/// CLI's <c>plan --steps vm --json</c>; a Viewer may plan but not apply; an Operator's apply by the agent's planId gives
/// the VM the card, and the rollback through the agent defines the exact previous XML again.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class AgentRemoteVmStepTests(LibvirtDaemon daemon, AgentFleet fleet) : IClassFixture<AgentFleet>
{
    private const string Host = "gpu-node-031";

    [Fact]
    public async Task AViewerPlansTheVmStepThroughTheAgent_OnlyAnOperatorApplies_AndTheRollbackGivesTheVmBack()
    {
        daemon.Require();
        Assert.Null(fleet.Hub.Unavailable);
        await fleet.Hub.AddUserAsync("oscar", "operator");
        await fleet.Hub.AddUserAsync("valerie", "viewer");
        using var oscar = await ClientAsync("oscar");
        using var valerie = await ClientAsync("valerie");
        await using var domain = await TestDomain.DefineAsync(daemon, "agent-vm");
        var original = await domain.InactiveXmlAsync();
        await using var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host), "--connect", LibvirtDaemon.Uri);
        await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);
        var gpu = SampleWorkstation.GuestGpu.ToString();

        using var planned = await valerie.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/plan"), new { gpu, steps = new[] { "vm" }, vm = domain.Name }, TestContext.Current.CancellationToken);
        var plan = await DocumentAsync(planned, HttpStatusCode.OK, agent);
        var scratch = Directory.CreateTempSubdirectory("pw-agent-vm-cli-").FullName;
        try
        {
            var cli = await CliRun.RunAsync("plan", "--steps", "vm", "--vm", domain.Name, "--gpu", gpu, "--connect", LibvirtDaemon.Uri, "--root", fleet.HostRoot(Host), "--data", scratch, "--json");
            Assert.True(cli.ExitCode == ExitCodes.Success, cli.ToString());
            Assert.Equal(WithoutPlanId(cli.StandardOutput), WithoutPlanId(plan.GetRawText()));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        Assert.Equal("planned", plan.GetProperty("outcome").GetString());
        var planId = plan.GetProperty("planId").GetString()!;
        Assert.Equal(original, await domain.InactiveXmlAsync());

        using var refused = await valerie.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/apply"), new { planId }, TestContext.Current.CancellationToken);
        await DocumentAsync(refused, HttpStatusCode.Forbidden, agent);
        Assert.Equal(original, await domain.InactiveXmlAsync());

        using var applied = await oscar.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/apply"), new { planId }, TestContext.Current.CancellationToken);
        var apply = await DocumentAsync(applied, HttpStatusCode.OK, agent);
        Assert.Equal("applied", apply.GetProperty("outcome").GetString());
        var passed = await domain.InactiveXmlAsync();
        Assert.Contains("<hostdev", passed, StringComparison.Ordinal);
        Assert.Contains("bus='0x07'", passed, StringComparison.Ordinal);
        var history = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(Host));
        Assert.Contains("oscar via hub", history.StandardOutput, StringComparison.Ordinal);

        var changeSetId = apply.GetProperty("changeSetId").GetString()!;
        using var rolledBack = await oscar.PostAsync(fleet.Hub.Url($"api/hosts/{Host}/change-sets/{changeSetId}/rollback"), null, TestContext.Current.CancellationToken);
        Assert.Equal("rolledBack", (await DocumentAsync(rolledBack, HttpStatusCode.OK, agent)).GetProperty("outcome").GetString());
        Assert.Equal(original, await domain.InactiveXmlAsync());
    }

    /// <summary>A document without its plan id: the CLI named its connection, the agent's request names none, and the id holds that.</summary>
    private static string WithoutPlanId(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.StartsWith("pl_", node["planId"]!.GetValue<string>(), StringComparison.Ordinal);
        node.Remove("planId");
        return node.ToJsonString();
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.Hub.CreateTokenAsync($"{user}-vm", user));
        return client;
    }

    private async Task<JsonElement> DocumentAsync(HttpResponseMessage response, HttpStatusCode expected, CliProcess agent)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}\n{agent}\n--- hub\n{fleet.Hub.Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
