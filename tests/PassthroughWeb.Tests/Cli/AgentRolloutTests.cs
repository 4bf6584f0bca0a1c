using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Tests.Browser;
using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// A staged rollout of steps 2 and 3 over three agents' hosts from the hub's API: the canary alone, verified when its agent
/// reports after its reboot; then the second host, whose card is still on its old driver after the reboot, so its
/// verification fails and the rollout stops there, the third host untouched; the rollback of the rollout gives both
/// applied hosts their files back byte for byte.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentRolloutTests(AgentFleet fleet)
{
    private const string Canary = "gpu-node-061";
    private const string Failing = "gpu-node-062";
    private const string Untouched = "gpu-node-063";

    [Fact]
    public async Task ARolloutStopsAtAFailingSecondHost_LeavesTheThirdUntouched_AndRollsBackTheApplied()
    {
        Assert.Null(fleet.Hub.Unavailable);
        var clock = Stopwatch.StartNew();
        await fleet.Hub.AddUserAsync("olivia", "operator");
        await fleet.Hub.AddUserAsync("vivian", "viewer");
        using var olivia = await ClientAsync("olivia");
        using var vivian = await ClientAsync("vivian");
        string[] hosts = [Canary, Failing, Untouched];
        var before = hosts.ToDictionary(h => h, h => Snapshot(fleet.HostRoot(h)));
        await using var watch = CliProcess.Start("watch", "--url", fleet.Hub.BaseAddress.ToString(), "--token", await fleet.Hub.CreateTokenAsync("vivian-rollout-watch", "vivian"), "--host", Failing, "--json");
        var agents = new Dictionary<string, CliProcess>();
        var tokens = new Dictionary<string, string>();
        try
        {
            foreach (var host in hosts)
            {
                tokens[host] = await fleet.AgentTokenAsync(host);
                agents[host] = fleet.StartAgent(host, tokens[host]);
            }
            foreach (var host in hosts) await fleet.WaitForHostAsync(host, AgentFleet.Online, "online", agents[host]);

            var body = new { hosts, batchSize = 1, gpu = SampleWorkstation.GuestGpu.ToString(), steps = new[] { "host", "isolate" } };
            using (var refused = await vivian.PostAsJsonAsync(fleet.Hub.Url("api/rollouts"), body, TestContext.Current.CancellationToken))
                await DocumentAsync(refused, HttpStatusCode.Forbidden);
            using var created = await olivia.PostAsJsonAsync(fleet.Hub.Url("api/rollouts"), body, TestContext.Current.CancellationToken);
            var rollout = await DocumentAsync(created, HttpStatusCode.OK);
            var id = rollout.GetProperty("id").GetString()!;
            Assert.Equal("planned", rollout.GetProperty("state").GetString());
            // The plans side by side: each host's own plan document, made by its agent.
            Assert.Equal(hosts, rollout.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("name").GetString()));
            Assert.All(rollout.GetProperty("hosts").EnumerateArray(), h =>
            {
                Assert.Equal("planned", h.GetProperty("plan").GetProperty("outcome").GetString());
                Assert.Equal(h.GetProperty("planId").GetString(), h.GetProperty("plan").GetProperty("planId").GetString());
            });
            Assert.Equal([0, 1, 2], rollout.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("batch").GetInt32()));

            using (var notAllowed = await vivian.PostAsync(fleet.Hub.Url($"api/rollouts/{id}/start"), null, TestContext.Current.CancellationToken))
                await DocumentAsync(notAllowed, HttpStatusCode.Forbidden);
            using (var started = await olivia.PostAsync(fleet.Hub.Url($"api/rollouts/{id}/start"), null, TestContext.Current.CancellationToken))
                Assert.Equal("running", (await DocumentAsync(started, HttpStatusCode.OK)).GetProperty("state").GetString());

            // The canary alone: applied, then it waits for its reboot; the others are not touched meanwhile.
            rollout = await WaitForAsync(vivian, id, r => State(r, Canary) == "rebootNeeded", "the canary applied and waiting for its reboot", agents);
            Assert.Equal("pending", State(rollout, Failing));
            Assert.Contains($"reboot of {Canary}", rollout.GetProperty("next").GetString(), StringComparison.Ordinal);
            Assert.Equal(before[Failing], Snapshot(fleet.HostRoot(Failing)));

            // The rollout's page, open as the Admin while the canary waits, follows the rest without a reload.
            await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
            var page = await browser.NewPageAsync(fleet.Hub, $"rollouts/{id}");
            await Assertions.Expect(page.Locator($"[data-testid=rollout-host-{Canary}]")).ToContainTextAsync("waits for reboot");
            await Assertions.Expect(page.Locator("[data-testid=rollout-next]")).ToContainTextAsync($"Waits for the reboot of {Canary}");

            // The canary reboots with its card on vfio-pci; its agent comes back and reports, and the hub verifies it.
            Reboot(fleet.HostRoot(Canary), guestOnVfio: true);
            await agents[Canary].KillAsync();
            agents[Canary] = fleet.StartAgent(Canary, tokens[Canary]);
            rollout = await WaitForAsync(vivian, id, r => State(r, Canary) == "verified" && State(r, Failing) == "rebootNeeded", "the canary verified and the second host applied", agents);
            await Assertions.Expect(page.Locator($"[data-testid=rollout-host-{Failing}]")).ToContainTextAsync("waits for reboot", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator($"[data-testid=rollout-host-{Canary}]")).ToContainTextAsync("verified");
            Assert.Equal("pending", State(rollout, Untouched));

            // The second host reboots with its card still on amdgpu: an Operator asks for its verification, which fails.
            Reboot(fleet.HostRoot(Failing), guestOnVfio: false);
            using (var verified = await olivia.PostAsync(fleet.Hub.Url($"api/rollouts/{id}/verify"), null, TestContext.Current.CancellationToken))
                rollout = await DocumentAsync(verified, HttpStatusCode.OK);
            Assert.Equal("stopped", rollout.GetProperty("state").GetString());
            Assert.Equal("verificationFailed", State(rollout, Failing));
            // The steps in words, as the rest of the app names them, not by their command-line names.
            Assert.StartsWith($"Stopped at {Failing}: Step 2 (IOMMU kernel parameters) and step 3 (vfio isolation) of change set ", rollout.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("pending", State(rollout, Untouched));
            Assert.Equal([Canary, Failing], rollout.GetProperty("canRollBack").EnumerateArray().Select(h => h.GetString()));
            Assert.Equal(before[Untouched], Snapshot(fleet.HostRoot(Untouched)));
            // Every transition of the failing host reached the hub's feed, the stop last.
            await watch.WaitUntilAsync(w => Progress(w).Contains("verificationFailed/stopped"), AgentFleet.Patience, "the stop on the hub's feed");
            Assert.Equal(["pending/planned", "applying/running", "rebootNeeded/running", "verificationFailed/stopped"], Progress(watch));

            using (var notAllowed = await vivian.PostAsync(fleet.Hub.Url($"api/rollouts/{id}/rollback"), null, TestContext.Current.CancellationToken))
                await DocumentAsync(notAllowed, HttpStatusCode.Forbidden);
            // The page offers the rollback of what was applied; it is pictured, then clicked.
            var rollbackButton = page.Locator("[data-testid=rollout-rollback]");
            await Assertions.Expect(rollbackButton).ToContainTextAsync($"Roll back {Canary}, {Failing}", new() { Timeout = 30_000 });
            await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
            await DocsScreenshots.WriteAsync(page, "screenshot-rollout-phone.png", DocsScreenshots.PhoneWidth, height: 1600);
            await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
            await DocsScreenshots.WriteAsync(page, "screenshot-rollout.png");
            await rollbackButton.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=rollout-state]")).ToContainTextAsync("rolled back", new() { Timeout = 60_000 });
            rollout = JsonDocument.Parse(await vivian.GetStringAsync(fleet.Hub.Url($"api/rollouts/{id}"), TestContext.Current.CancellationToken)).RootElement.Clone();
            Assert.Equal("rolledBack", rollout.GetProperty("state").GetString());
            Assert.Equal(["rolledBack", "rolledBack", "pending"], rollout.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("state").GetString()));
            // Every file each plan wrote is back as it was (the reboot's own proc and sys files aside).
            foreach (var host in hosts) Assert.Equal(WithoutBoot(before[host]), WithoutBoot(Snapshot(fleet.HostRoot(host))));

            // The hub's history ties both change sets to the rollout; the agents' own histories name it.
            using var history = await vivian.GetAsync(fleet.Hub.Url("api/history"), TestContext.Current.CancellationToken);
            var trail = await history.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (var host in rollout.GetProperty("hosts").EnumerateArray().Take(2))
                Assert.Contains($"Change set {host.GetProperty("changeSetId").GetString()} applied by rollout {id}", trail, StringComparison.Ordinal);
            // The CLI's door to the same rollout: `rollout show` against the hub.
            var shown = await CliRun.RunAsync("rollout", "show", id, "--url", fleet.Hub.BaseAddress.ToString(), "--token", await fleet.Hub.CreateTokenAsync("vivian-rollout-cli", "vivian"));
            Assert.True(shown.ExitCode == 0, shown.ToString());
            Assert.Contains($"Rollout {id}: steps host,isolate for {SampleWorkstation.GuestGpu}, batches of 1 after the canary. rolledBack.", shown.StandardOutput, StringComparison.Ordinal);
            var agentHistory = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(Canary));
            Assert.Contains($"olivia (rollout {id}) via hub", agentHistory.StandardOutput, StringComparison.Ordinal);
            var list = await browser.NewPageAsync(fleet.Hub, "rollouts");
            await Assertions.Expect(list.Locator("[data-testid=rollouts-table]")).ToContainTextAsync(id);
            await PageLayout.AssertNoSidewaysScrollAsync(list, DocsScreenshots.PhoneWidth);
            await PageLayout.AssertNoSidewaysScrollAsync(list, DocsScreenshots.LaptopWidth);
            await DocsScreenshots.WriteAsync(list, "screenshot-rollouts.png");
            TestContext.Current.TestOutputHelper?.WriteLine($"Rollout over three agents took {clock.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            foreach (var agent in agents.Values) await agent.DisposeAsync();
        }
    }

    private static string? State(JsonElement rollout, string host) =>
        rollout.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == host).GetProperty("state").GetString();

    /// <summary>The host's rollout-progress events as state/rollout state, a repeated one once (a report before the reboot re-checks a waiting host).</summary>
    private static List<string> Progress(CliProcess watch)
    {
        var states = watch.JsonLines().Where(e => e.GetProperty("type").GetString() == "rollout-progress")
            .Select(e => $"{e.GetProperty("state").GetString()}/{e.GetProperty("rolloutState").GetString()}").ToList();
        return [.. states.Where((s, i) => i == 0 || states[i - 1] != s)];
    }

    /// <summary>As the host after a reboot: a new boot id, and the guest card's functions on vfio-pci or still on their old driver.</summary>
    private static void Reboot(string root, bool guestOnVfio)
    {
        File.WriteAllText(Path.Combine(root, "proc/sys/kernel/random/boot_id"), Guid.NewGuid() + "\n");
        if (!guestOnVfio) return;
        foreach (var function in new[] { SampleWorkstation.GuestGpu, SampleWorkstation.GuestGpu with { Function = 1 } })
            BindDriver(root, function, "vfio-pci");
    }

    private static void BindDriver(string root, PciAddress device, string driver)
    {
        var devicePath = new DirectoryInfo(Path.Combine(root, $"sys/bus/pci/devices/{device}")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var driverLink = Path.Combine(devicePath, "driver");
        File.Delete(driverLink);
        var driverPath = Path.Combine(root, $"sys/bus/pci/drivers/{driver}");
        Directory.CreateDirectory(driverPath);
        File.CreateSymbolicLink(driverLink, Path.GetRelativePath(devicePath, driverPath));
    }

    /// <summary>Every regular file under the root with its bytes, by path.</summary>
    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            files[Path.GetRelativePath(root, file)] = Convert.ToBase64String(File.ReadAllBytes(file));
        return files;
    }

    private static SortedDictionary<string, string> WithoutBoot(SortedDictionary<string, string> files) =>
        new(files.Where(f => !f.Key.StartsWith("proc/", StringComparison.Ordinal) && !f.Key.StartsWith("sys/", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);

    private async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition, string what, Dictionary<string, CliProcess> agents)
    {
        var deadline = DateTime.UtcNow + AgentFleet.Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetStringAsync(fleet.Hub.Url($"api/rollouts/{id}"), TestContext.Current.CancellationToken);
            var rollout = JsonDocument.Parse(last).RootElement.Clone();
            if (condition(rollout)) return rollout;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Waited {AgentFleet.Patience.TotalSeconds} s for {what}; last answer: {last}\n{string.Join("\n", agents.Select(a => $"--- agent {a.Key}\n{a.Value}"))}\n--- hub\n{fleet.Hub.Output}");
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await fleet.Hub.CreateTokenAsync($"{user}-rollout", user));
        return client;
    }

    private async Task<JsonElement> DocumentAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}\n--- hub\n{fleet.Hub.Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
