using Microsoft.Playwright;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The hub's pages in Chromium with real agents: the hosts page shows an agent's host online, another offline with when
/// it was last seen, and an offline agent host's page says that nothing can be changed until its agent is back.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentHostsBrowserTests(AgentFleet fleet)
{
    [Fact]
    public async Task HostsPage_ShowsAgentHostsOnlineAndOffline_AndAnOfflineHostsPageSaysNothingCanBeChanged()
    {
        await using var online = fleet.StartAgent("gpu-node-031", await fleet.AgentTokenAsync("gpu-node-031"));
        await using (var gone = fleet.StartAgent("render-007", await fleet.AgentTokenAsync("render-007")))
        {
            await fleet.WaitForHostAsync("render-007", AgentFleet.Online, "online", gone);
            await gone.KillAsync();
        }
        await fleet.WaitForHostAsync("render-007", h => !AgentFleet.Online(h), "offline");
        await fleet.WaitForHostAsync("gpu-node-031", AgentFleet.Online, "online", online);

        await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
        var page = await browser.NewPageAsync(fleet.Hub, "");
        var node = page.Locator("[data-testid=host-card][data-host=gpu-node-031]");
        var render = page.Locator("[data-testid=host-card][data-host=render-007]");

        // Waiting assertions: the page is drawn once prerendered and again when its circuit is up.
        await Assertions.Expect(node).ToHaveAttributeAsync("data-source", "agent");
        await Assertions.Expect(node).ToHaveAttributeAsync("data-online", "true");
        await Assertions.Expect(node.Locator("[data-testid=host-online]")).ToHaveTextAsync("online");
        await Assertions.Expect(render).ToHaveAttributeAsync("data-online", "false");
        await Assertions.Expect(render.Locator("[data-testid=host-online]")).ToHaveTextAsync("offline");
        await Assertions.Expect(render.Locator("[data-testid=host-seen]")).ToContainTextAsync("last seen");
        // Offline, its card shows the steps its agent last reported (kept by the hub), marked as such.
        Assert.Equal("true", await render.Locator("[data-testid=host-steps]").GetAttributeAsync("data-last-known"));
        Assert.Equal(5, await render.Locator("[data-testid=host-steps] li").CountAsync());
        Assert.Equal("false", await node.Locator("[data-testid=host-steps]").GetAttributeAsync("data-last-known"));
        Assert.Equal(5, await node.Locator("[data-testid=host-steps] li").CountAsync());
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-hosts-agents.png");

        // The offline host's page: the steps its agent last reported, and a notice that nothing can be changed until it is back.
        var hostPage = await browser.NewPageAsync(fleet.Hub, "hosts/render-007");
        var notice = hostPage.Locator("[data-testid=agent-host-notice]");
        await Assertions.Expect(notice).ToContainTextAsync("offline");
        await Assertions.Expect(notice).ToContainTextAsync("last ones it reported");
        Assert.False(await hostPage.Locator("[data-testid=rescan]").IsVisibleAsync());
        Assert.Equal(5, await hostPage.Locator("[data-testid=stepper-step]").CountAsync());
        await PageLayout.AssertNoSidewaysScrollAsync(hostPage, DocsScreenshots.PhoneWidth);
    }

    [Fact]
    public async Task HostsPage_OpenWhileAnAgentStopsAndComesBack_ShowsItOfflineThenOnlineWithoutAReload()
    {
        var token = await fleet.AgentTokenAsync("lab-tower-12");
        await using (var agent = fleet.StartAgent("lab-tower-12", token))
        {
            await fleet.WaitForHostAsync("lab-tower-12", AgentFleet.Online, "online", agent);
            await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
            var page = await browser.NewPageAsync(fleet.Hub, "");
            var card = page.Locator("[data-testid=host-card][data-host=lab-tower-12]");
            await Assertions.Expect(card).ToHaveAttributeAsync("data-online", "true");
            await agent.KillAsync();

            // The agent process is gone: the hub hears it at once, and the open page follows without a reload.
            await Assertions.Expect(card).ToHaveAttributeAsync("data-online", "false", new() { Timeout = 15_000 });
            Assert.Equal("offline", (await card.Locator("[data-testid=host-online]").TextContentAsync())?.Trim());

            await using var back = fleet.StartAgent("lab-tower-12", token);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-online", "true", new() { Timeout = 30_000 });
        }
    }
}
