using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The app restarts under an open page: the page says the connection is lost while the app is away, and when it is
/// back, the page loads again by itself (the old circuit died with the old process) and works, still signed in.
/// </summary>
public sealed class ReconnectBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task AppRestarts_ThePageSaysSoMeanwhileThenComesBackByItself()
    {
        await using var session = await BrowserSession.OpenAsync(app);
        var page = await session.NewPageAsync(app, "hosts/sample-workstation");
        var banner = page.Locator("[data-testid=reconnect-banner]");
        Assert.False(await banner.IsVisibleAsync());

        await app.StopAsync();

        await banner.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        var text = await banner.InnerTextAsync();
        Assert.True(text.Contains("The connection to PassthroughWeb was lost", StringComparison.Ordinal) || text.Contains("cannot be reached", StringComparison.Ordinal), text);
        await DocsScreenshots.WriteAsync(page, "screenshot-reconnecting.png", element: banner);

        await app.StartAgainAsync();

        // The reload after the restart: the page is interactive again, the banner gone, the user still signed in.
        await page.WaitForFunctionAsync("() => !document.getElementById('components-reconnect-modal')?.open && document.querySelector('[data-interactive=true]') !== null",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        Assert.DoesNotContain("account/login", page.Url, StringComparison.Ordinal);
        await page.Locator("[data-testid=host-activity]").WaitForAsync();
    }
}
