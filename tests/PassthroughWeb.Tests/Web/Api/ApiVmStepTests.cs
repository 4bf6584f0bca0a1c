using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// Step 4 through the API against the real libvirtd, with the app's connection named as <c>serve --connect</c> does:
/// the VM plan is the CLI's, applied by its id it gives the VM the card, and the rollback defines the exact previous
/// XML again.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class ApiVmStepTests(LibvirtDaemon daemon)
{
    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}\n{body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A document without its plan id: the CLI named its connection, the app's is its own, and the id holds that.</summary>
    private static string WithoutPlanId(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.StartsWith("pl_", node["planId"]!.GetValue<string>(), StringComparison.Ordinal);
        node.Remove("planId");
        return node.ToJsonString();
    }

    [Fact]
    public async Task PlanApplyRollback_VmStepByPlanId_CardPassedThenExactPreviousXmlBack()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "api-plan");
        var original = await domain.InactiveXmlAsync();
        await using var api = await ApiHost.StartAsync(LibvirtDaemon.Uri);
        using var client = api.Client(Role.Operator);

        var plan = await OkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "vm" }, vm = domain.Name }));
        var cli = await api.CliAsync("plan", "--steps", "vm", "--vm", domain.Name, "--gpu", ApiHost.GuestGpu, "--connect", LibvirtDaemon.Uri, "--root", api.Host.Path, "--json");

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal("planned", plan.GetProperty("outcome").GetString());
        Assert.Equal(WithoutPlanId(cli.StandardOutput), WithoutPlanId(plan.GetRawText()));
        Assert.Equal(original, await domain.InactiveXmlAsync());

        var applied = await OkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId = plan.GetProperty("planId").GetString() }));

        Assert.Equal("applied", applied.GetProperty("outcome").GetString());
        Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);

        var rolledBack = await OkAsync(await ApiHost.PostJsonAsync(client, $"api/change-sets/{applied.GetProperty("changeSetId").GetString()}/rollback", null));

        Assert.Equal("rolledBack", rolledBack.GetProperty("outcome").GetString());
        Assert.Equal(original, await domain.InactiveXmlAsync());
    }
}
