using System.Net;
using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The host page of the running app as a user first meets it: an unknown host is a real 404, the demo host fits a
/// 390 px phone without scrolling sideways, and the README's and docs' pictures of it are taken from this run.
/// </summary>
public sealed class HostPageBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    /// <summary>The guest card chosen, with both of step 2's extras: the longest parameters and the driver's download link show.</summary>
    private const string EverythingShown = $"hosts/{DemoHost}?gpu=0000:07:00.0&bootgpu=true&acs=true";

    [Fact]
    public async Task UnknownHost_AnswersA404StatusWithTheNotFoundPage()
    {
        if (app.Unavailable is { } why) Assert.Skip(why);
        using var http = await app.SignedInClientAsync();

        using var response = await http.GetAsync(app.Url("hosts/nonexistent"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The router's not-found page, rendered for the 404 (the interactive page then names the host).
        Assert.Contains("There is nothing at this address", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownHost_AnswersOk()
    {
        if (app.Unavailable is { } why) Assert.Skip(why);
        using var http = await app.SignedInClientAsync();

        using var response = await http.GetAsync(app.Url($"hosts/{DemoHost}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HostPage_OnA390PixelPhone_DoesNotScrollSideways()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await OpenPlannedAsync(browser, EverythingShown);
        // The long tokens are on the page: the parameter the ACS extra adds and the driver's download address.
        await Assertions.Expect(page.Locator("[data-testid=step-2]")).ToContainTextAsync("pcie_acs_override=");
        await page.Locator("[data-testid=driver-download]").WaitForAsync();

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-host-phone.png", DocsScreenshots.PhoneWidth);
    }

    [Fact]
    public async Task HostPage_OnALaptop_WritesTheReadmeScreenshot()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await OpenPlannedAsync(browser, $"hosts/{DemoHost}?gpu=0000:07:00.0");

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
        // The README shows the top of the page; docs/ keeps the whole checklist.
        var written = await DocsScreenshots.WriteAsync(page, "screenshot-host.png", height: 2000);
        await DocsScreenshots.WriteAsync(page, "screenshot-host-full.png");

        if (written is not null) Assert.True(new FileInfo(written).LastWriteTimeUtc > DateTime.UtcNow.AddMinutes(-5), $"{written} was not written by this run.");
    }

    private async Task<IPage> OpenPlannedAsync(BrowserSession browser, string relative)
    {
        var page = await browser.NewPageAsync(app, relative);
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=step-5][data-ready=true]").WaitForAsync();
        return page;
    }
}
