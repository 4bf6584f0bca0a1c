using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Steps 2 and 3 on an agent's host, asked at the hub's API: the hub passes the request to the host's agent, which plans,
/// applies and rolls back on its own root and data directory and answers the CLI's documents, which the hub answers unchanged;
/// the agent's events of the change set reach the hub's feed.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentRemoteStepsTests(AgentFleet fleet)
{
    private const string Host = "gpu-node-021";

    private static readonly object StepsForTheGuestGpu = new { gpu = SampleWorkstation.GuestGpu.ToString(), steps = new[] { "host", "isolate" } };

    [Fact]
    public async Task AnOperator_PlansAndAppliesThroughTheAgent_AViewerMayNotApply_AndAnOfflineAgentIsNamed()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await fleet.Hub.AddUserAsync("alice", "operator");
        await fleet.Hub.AddUserAsync("victor", "viewer");
        using var alice = await ClientAsync("alice");
        using var victor = await ClientAsync("victor");
        var root = fleet.HostRoot(Host);
        var vfioConf = Path.Combine(root, "etc", "modprobe.d", "vfio.conf");
        Assert.False(File.Exists(vfioConf));
        // The hub's feed for the host, as a Viewer watches it.
        await using var watch = CliProcess.Start("watch", "--url", fleet.Hub.BaseAddress.ToString(), "--token", await fleet.Hub.CreateTokenAsync("victor-watch", "victor"), "--host", Host, "--json");
        var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host));
        try
        {
            await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);

            using var planned = await alice.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/plan"), StepsForTheGuestGpu, TestContext.Current.CancellationToken);
            var plan = await DocumentAsync(planned, HttpStatusCode.OK, agent);
            Assert.Equal("planned", plan.GetProperty("outcome").GetString());
            var plannedVfio = Assert.Single(plan.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "/etc/modprobe.d/vfio.conf");
            var planId = plan.GetProperty("planId").GetString()!;
            // Every file the plan touches, as it is before: a rollback must give each back byte for byte.
            var before = new Dictionary<string, byte[]?>();
            foreach (var file in plan.GetProperty("files").EnumerateArray())
            {
                var path = Path.Combine(root, file.GetProperty("path").GetString()!.TrimStart('/'));
                before[path] = File.Exists(path) ? await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken) : null;
            }
            Assert.True(before.Count >= 2, string.Join(", ", before.Keys));
            Assert.StartsWith("pl_", planId, StringComparison.Ordinal);

            using var refused = await victor.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/apply"), new { planId }, TestContext.Current.CancellationToken);
            await DocumentAsync(refused, HttpStatusCode.Forbidden, agent);
            Assert.False(File.Exists(vfioConf));

            Assert.False(WaitsForReboot((await fleet.HostAsync(Host))!.Value));
            using var applied = await alice.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/apply"), new { planId }, TestContext.Current.CancellationToken);
            var apply = await DocumentAsync(applied, HttpStatusCode.OK, agent);
            Assert.Equal("applied", apply.GetProperty("outcome").GetString());
            Assert.Equal(planId, apply.GetProperty("plan").GetProperty("planId").GetString());
            // The agent's root changed as the plan showed: vfio-pci loaded for the card, the IOMMU on in the boot loader's defaults.
            var written = await File.ReadAllTextAsync(vfioConf, TestContext.Current.CancellationToken);
            Assert.Equal(plannedVfio.GetProperty("after").GetString(), written);
            Assert.Contains("vfio-pci", written, StringComparison.Ordinal);
            // The guide's host has the IOMMU on already, so step 2 leaves its GRUB defaults alone.
            Assert.Contains("intel_iommu=on", await File.ReadAllTextAsync(Path.Combine(root, "etc", "default", "grub"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
            // The agent reports its steps again after the apply: the hub's host list shows the reboot it waits for without a reconnect.
            await fleet.WaitForHostAsync(Host, h => WaitsForReboot(h) && !h.GetProperty("stepsLastKnown").GetBoolean(), "a step waiting for its reboot", agent);
            // The agent's own events of the change set reach the hub's feed, in order.
            var changeSetId = apply.GetProperty("changeSetId").GetString()!;
            await watch.WaitUntilAsync(w => OfTheSet(w, changeSetId).Contains("change-set-applied"), AgentFleet.Patience, $"change-set-applied of {changeSetId} on the hub's feed");
            var ofTheSet = OfTheSet(watch, changeSetId);
            Assert.Equal("change-set-started", ofTheSet[0]);
            Assert.True(ofTheSet.IndexOf("change-set-applied") > ofTheSet.LastIndexOf("file-written") && ofTheSet.Contains("file-written"), string.Join(", ", ofTheSet));
            Assert.Contains(watch.JsonLines(), e => e.GetProperty("type").GetString() == "change-set-started" && e.GetProperty("user").GetString() == "alice via hub");
            // The history is the agent's, and names the hub's user.
            var history = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(Host));
            Assert.True(history.ExitCode == ExitCodes.Success, history.ToString());
            Assert.Contains("alice via hub", history.StandardOutput, StringComparison.Ordinal);

            // The same id again: the host no longer gives that plan.
            using var again = await alice.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/apply"), new { planId }, TestContext.Current.CancellationToken);
            await DocumentAsync(again, HttpStatusCode.Conflict, agent);

            using var verified = await alice.PostAsync(fleet.Hub.Url($"api/hosts/{Host}/verify"), null, TestContext.Current.CancellationToken);
            Assert.Equal("rebootNeeded", (await DocumentAsync(verified, HttpStatusCode.OK, agent)).GetProperty("outcome").GetString());

            // The hub's history of the host is the agent's.
            using var hubHistory = await victor.GetAsync(fleet.Hub.Url($"api/hosts/{Host}/history"), TestContext.Current.CancellationToken);
            Assert.Contains((await DocumentAsync(hubHistory, HttpStatusCode.OK, agent)).GetProperty("changeSets").EnumerateArray(),
                c => c.GetProperty("id").GetString() == changeSetId);

            // Rollback through the agent: a Viewer may not, an id the agent never made is unknown, an Operator gets every byte back.
            var rollback = fleet.Hub.Url($"api/hosts/{Host}/change-sets/{changeSetId}/rollback");
            using var notAllowed = await victor.PostAsync(rollback, null, TestContext.Current.CancellationToken);
            await DocumentAsync(notAllowed, HttpStatusCode.Forbidden, agent);
            using var unknown = await alice.PostAsync(fleet.Hub.Url($"api/hosts/{Host}/change-sets/{Guid.NewGuid()}/rollback"), null, TestContext.Current.CancellationToken);
            Assert.Contains("has no change set", (await DocumentAsync(unknown, HttpStatusCode.NotFound, agent)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(File.Exists(vfioConf));
            using var rolledBack = await alice.PostAsync(rollback, null, TestContext.Current.CancellationToken);
            Assert.Equal("rolledBack", (await DocumentAsync(rolledBack, HttpStatusCode.OK, agent)).GetProperty("outcome").GetString());
            await fleet.WaitForHostAsync(Host, h => !WaitsForReboot(h), "no step waiting for a reboot after the rollback", agent);
            Assert.False(File.Exists(vfioConf));
            foreach (var (path, bytes) in before)
                Assert.Equal(bytes, File.Exists(path) ? await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken) : null);

            await agent.KillAsync();
            await fleet.WaitForHostAsync(Host, h => !AgentFleet.Online(h), "offline after its agent was killed");
            using var offline = await alice.PostAsJsonAsync(fleet.Hub.Url($"api/hosts/{Host}/plan"), StepsForTheGuestGpu, TestContext.Current.CancellationToken);
            var problem = await DocumentAsync(offline, HttpStatusCode.ServiceUnavailable, agent);
            Assert.Contains($"{Host}'s agent is offline", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task ARehearsal_IsAskedOfTheAgent_OnlyForAnOperator_AndAnswersTheAgentsDocument()
    {
        const string rehearsed = "gpu-node-023";
        await fleet.Hub.AddUserAsync("olga", "operator");
        await fleet.Hub.AddUserAsync("vera", "viewer");
        using var olga = await ClientAsync("olga");
        using var vera = await ClientAsync("vera");
        await using var agent = fleet.StartAgent(rehearsed, await fleet.AgentTokenAsync(rehearsed));
        await fleet.WaitForHostAsync(rehearsed, AgentFleet.Online, "online", agent);
        var url = fleet.Hub.Url($"api/hosts/{rehearsed}/rehearse");

        using var refused = await vera.PostAsJsonAsync(url, StepsForTheGuestGpu, TestContext.Current.CancellationToken);
        Assert.Contains("may not rehearse a reboot", (await DocumentAsync(refused, HttpStatusCode.Forbidden, agent)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var answered = await olga.PostAsJsonAsync(url, StepsForTheGuestGpu, TestContext.Current.CancellationToken);
        var rehearsal = await DocumentAsync(answered, HttpStatusCode.OK, agent);
        // The agent's machine is a fixture root without a kernel to boot (and may lack QEMU): the agent's own answer says
        // the rehearsal cannot run there, the same on every machine, without /dev/kvm.
        Assert.Equal("unavailable", rehearsal.GetProperty("outcome").GetString());
        var history = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(rehearsed));
        Assert.Contains("olga via hub", history.StandardOutput, StringComparison.Ordinal);
    }

    private static List<string?> OfTheSet(CliProcess watch, string changeSetId) =>
        [.. watch.JsonLines()
            .Where(e => e.TryGetProperty("changeSetId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == changeSetId)
            .Select(e => e.GetProperty("type").GetString())];

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.Hub.CreateTokenAsync($"{user}-remote", user));
        return client;
    }

    private async Task<JsonElement> DocumentAsync(HttpResponseMessage response, HttpStatusCode expected, CliProcess agent)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}\n{agent}\n--- hub\n{fleet.Hub.Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static bool WaitsForReboot(JsonElement host) =>
        host.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("state").GetString() == "reboot-needed");
}
