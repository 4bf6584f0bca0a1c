namespace PassthroughWeb.Tests.Browser;

/// <summary>A Viewer in headless Chromium: sees the host's steps and their plans, and no button that changes anything.</summary>
public sealed class ViewerBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    [Fact]
    public async Task HostPage_AViewer_SeesThePlansAndNoApply()
    {
        await app.AddUserAsync("victor", "viewer");
        await using var browser = await BrowserSession.OpenAsync(app);
        browser.SignInAs("victor");

        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}?gpu=0000:07:00.0");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();

        Assert.Equal("Viewer", (await page.Locator("[data-testid=signed-in-role]").TextContentAsync())?.Trim());
        Assert.Equal(1, await page.Locator("[data-testid=viewer-note-steps-2-3]").CountAsync());
        Assert.Equal(0, await page.Locator("button[data-testid^=apply-]").CountAsync());
        Assert.Equal(0, await page.Locator("button[data-testid^=rehearse-]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=nav-users]").CountAsync());
    }
}
