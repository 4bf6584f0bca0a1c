using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The Content-Security-Policy in a real browser: the app renders, its circuit connects and its buttons work with
/// nothing blocked, while the policy really blocks what it is there to block.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    [Fact]
    public async Task Pages_UnderTheCsp_RenderAndTheirButtonsWorkWithNothingBlocked()
    {
        await using var browser = await BrowserSession.OpenAsync(app);

        var overview = await browser.NewPageAsync(app, "");
        Assert.Equal(2, await overview.Locator("[data-testid=host-card]").CountAsync());
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}");
        var csp = (await page.Context.APIRequest.GetAsync(app.Url($"hosts/{DemoHost}").ToString())).Headers["content-security-policy"];
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        // A button that works only through the circuit: MudBlazor's snackbar answers once the server has rescanned.
        await page.Locator("[data-testid=rescan]").ClickAsync();
        await page.Locator(".mud-snackbar", new() { HasTextString = "stored" }).WaitForAsync();
        // The history page too (NewPageAsync waits until its circuit is up).
        await browser.NewPageAsync(app, $"hosts/{DemoHost}/history");

        Assert.Empty(browser.CspViolations);
    }

    [Fact]
    public async Task Csp_InjectedInlineScript_IsBlockedAndSeen()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync("() => true");

        Assert.Null(await page.EvaluateAsync<bool?>("() => window.injected"));
        await Poll(() => browser.CspViolations.Count > 0);
        Assert.Contains(browser.CspViolations, v => v.Contains("script-src", StringComparison.Ordinal));
        browser.ClearCspViolations();
    }

    private static async Task Poll(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition(), "The browser reported no violation.");
    }
}
