using System.Text.Json;
using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>The running app in headless Chromium: the demo host's verdicts, the checklist, rescans and the profiles page.</summary>
public sealed class DemoHostBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    /// <summary>Full-page screenshots land here for people to look at (the README's comes from this folder).</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Overview_DemoMode_ShowsBothHostsWithTheDemoGpusReady()
    {
        await using var browser = await OpenAsync();
        var page = await NewPageAsync(browser, "");

        var hosts = page.Locator("[data-testid=host-card]");
        Assert.Equal(2, await hosts.CountAsync());
        var demo = page.Locator($"[data-testid=host-card][data-host={DemoHost}]");
        Assert.Equal(["ready", "ready"], await demo.Locator(".verdict-chip").AllTextContentsAsync().ContinueWith(t => t.Result.Select(s => s.Trim()).ToList()));
        Assert.Contains("on · 4 groups", await demo.TextContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "overview.png");
    }

    [Fact]
    public async Task HostPage_DemoHost_BothGpusReadyWithTheIdCollisionNote()
    {
        await using var browser = await OpenAsync();
        var page = await NewPageAsync(browser, $"hosts/{DemoHost}");
        await ChecklistSteps.OpenAsync(page, 1);

        var guest = page.Locator("[data-testid=gpu-card][data-address='0000:07:00.0']");
        var hostGpu = page.Locator("[data-testid=gpu-card][data-address='0000:03:00.0']");
        Assert.Equal("ready", (await guest.Locator(".verdict-chip").TextContentAsync())?.Trim());
        Assert.Equal("ready", (await hostGpu.Locator(".verdict-chip").TextContentAsync())?.Trim());
        // The guide's trap: both cards' HDMI audio are 1002:ab28, so vfio-pci ids= would take the host card's too.
        Assert.Contains("0000:03:00.1", await guest.Locator("[data-testid=gpu-id-collisions]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("0000:03:00.1", await guest.Locator("[data-testid=gpu-notes]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("0000:07:00.1", await hostGpu.Locator("[data-testid=gpu-id-collisions]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("IOMMU groups 18, 19", await guest.TextContentAsync(), StringComparison.Ordinal);

        Assert.Equal("on", (await page.Locator("[data-testid=iommu-state]").TextContentAsync())?.Trim());
        Assert.Equal(1, await page.Locator("tr.group-gpu[data-group='1']").CountAsync());
        Assert.Equal(1, await page.Locator("tr.group-gpu[data-group='18']").CountAsync());
        // Every step of the checklist is a working card with its state in its header.
        foreach (var step in new[] { 4, 5 })
            Assert.Equal(1, await page.Locator($"[data-testid=step-{step}] [data-testid=step-status]").CountAsync());
        await ScreenshotAsync(page, "host.png");
    }

    [Fact]
    public async Task Rescan_DemoHost_StoresAProfileThatTheProfilesPageCompares()
    {
        await using var browser = await OpenAsync();
        var page = await NewPageAsync(browser, $"hosts/{DemoHost}");
        var before = await ProfileCountAsync(browser);

        await page.Locator("[data-testid=rescan]").ClickAsync();
        await page.Locator(".mud-snackbar", new() { HasTextString = "stored" }).WaitForAsync();

        var profiles = await NewPageAsync(browser, $"hosts/{DemoHost}/profiles");
        Assert.Equal(before + 1, await profiles.Locator("[data-testid=profile-list] tbody tr").CountAsync());
        Assert.Equal(1, await profiles.Locator("[data-testid=no-changes]").CountAsync());
        await ScreenshotAsync(profiles, "profiles.png");
    }

    [Fact]
    public async Task Health_RunningApp_ReportsOnlyOk()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(app.Url("health"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // Anyone may ask, so it names no path, version or host count.
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
    }

    private async Task<int> ProfileCountAsync(BrowserSession browser)
    {
        var page = await NewPageAsync(browser, $"hosts/{DemoHost}/profiles");
        var count = await page.Locator("[data-testid=profile-list] tbody tr").CountAsync();
        await page.CloseAsync();
        return count;
    }

    private Task<BrowserSession> OpenAsync() => BrowserSession.OpenAsync(app);

    private async Task<IPage> NewPageAsync(BrowserSession session, string relative)
    {
        var page = await session.NewPageAsync(app, relative);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        // The drawer is as tall as the viewport: make the viewport as tall as the page so it reaches the bottom.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(1440, Math.Max(900, height));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });
    }
}
