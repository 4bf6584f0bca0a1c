using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>The hosts page of the running demo app: each host's steps at a glance, and search, filter and sort that stay in the URL.</summary>
public sealed class HostsPageBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    [Fact]
    public async Task HostsPage_DemoHost_ShowsWhereItStandsInTheFiveSteps()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "");
        var demo = page.Locator($"[data-testid=host-card][data-host={DemoHost}]");

        // The same states as on the host page, from the scan and the history alone: scan and IOMMU done, step 3 next.
        Assert.Equal(["Done", "Done", "NotStarted", "NotStarted", "NotStarted"],
            await demo.Locator("[data-testid=host-steps] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.state)"));
        Assert.Equal("3", await demo.GetAttributeAsync("data-next"));
        Assert.Contains("Next: step 3, vfio isolation", await demo.Locator("[data-testid=host-next]").TextContentAsync(), StringComparison.Ordinal);

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        Assert.False(await ChecklistSteps.ScrollsSidewaysAsync(page));
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-hosts.png");
    }

    [Fact]
    public async Task HostsPage_SearchFilterAndClear_ShowTheMatchingHosts()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "");
        var cards = page.Locator("[data-testid=host-card]");
        var all = await cards.CountAsync();
        Assert.True(all >= 2, "The demo app lists this machine and the sample workstation.");
        // Sorted by name by default.
        var names = await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.host)");
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);

        // The demo's guest card by model: only the demo host has it.
        var search = page.Locator("input[data-testid=hosts-search], [data-testid=hosts-search] input");
        // Leaving the field commits the text at once (typing waits for a pause). Text typed into the prerendered page,
        // before its circuit is up, commits nothing: then it is typed again.
        for (var attempt = 1; ; attempt++)
        {
            await search.FillAsync("6600");
            await search.PressAsync("Tab");
            try
            {
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("q=6600"), new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
                await search.FillAsync("");
            }
        }
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        Assert.Equal(DemoHost, await cards.GetAttributeAsync("data-host"));
        Assert.Contains("q=6600", page.Url, StringComparison.Ordinal);
        Assert.Equal($"1 of {all} hosts", (await page.Locator("[data-testid=hosts-count]").TextContentAsync())?.Trim());

        // No host has all five steps done: the empty result says so and leads back.
        await page.Locator("[data-testid=hosts-filter]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "All five steps done" }).ClickAsync();
        await page.Locator("[data-testid=hosts-none-match]").WaitForAsync();
        Assert.Contains("show=complete", page.Url, StringComparison.Ordinal);
        await page.Locator("[data-testid=hosts-clear]").ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(all);

        // The view is in the URL: a link opens it as it was.
        var linked = await browser.NewPageAsync(app, "?show=todo&q=workstation");
        await Assertions.Expect(linked.Locator("[data-testid=host-card]")).ToHaveCountAsync(1);
        Assert.Equal(DemoHost, await linked.Locator("[data-testid=host-card]").GetAttributeAsync("data-host"));
    }
}
