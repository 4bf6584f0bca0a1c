using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Tests.Browser;

/// <summary>A fresh app with no users, in headless Chromium: the setup link, signing in and out, the lockout.</summary>
public sealed partial class AccessBrowserTests : IAsyncLifetime
{
    private readonly RunningApp _app = new(["--root", Path.GetTempPath()], withAdmin: false);

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task FirstRun_SetupLinkSignInSignOutAndLockout()
    {
        await using var session = await BrowserSession.OpenAsync(_app);
        var context = await session.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);

        // The log has the word "setup" and the link on one line.
        var line = _app.Output.Split('\n').Single(l => l.Contains("setup", StringComparison.OrdinalIgnoreCase) && l.Contains("/setup?token=", StringComparison.Ordinal));
        var link = SetupLinkPattern().Match(line).Value;
        await page.GotoAsync(link);
        await page.Locator("[data-testid=setup-name]").FillAsync("alice");
        await page.Locator("[data-testid=setup-password]").FillAsync(RunningApp.Password);
        await page.Locator("[data-testid=setup-confirm]").FillAsync(RunningApp.Password);
        await page.Locator("[data-testid=setup-submit]").ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        Assert.Equal("alice", (await page.Locator("[data-testid=signed-in-user]").TextContentAsync())?.Trim());
        Assert.Equal("Admin", (await page.Locator("[data-testid=signed-in-role]").TextContentAsync())?.Trim());

        // The link works once.
        var again = await context.NewPageAsync();
        await again.GotoAsync(link);
        Assert.Equal(1, await again.Locator("[data-testid=setup-closed]").CountAsync());
        await again.CloseAsync();

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));
        await page.GotoAsync(_app.Url("history").ToString());
        Assert.Contains("/account/login?ReturnUrl=%2Fhistory", page.Url, StringComparison.Ordinal);

        await BrowserSession.SignInAsync(page, _app, "alice", "not the password");
        Assert.Contains("Wrong name or password", await page.Locator("[data-testid=sign-in-error]").TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.SignInAsync(page, _app, "alice", RunningApp.Password);
        await page.Locator("[data-interactive=true]").WaitForAsync();
        Assert.Equal("alice", (await page.Locator("[data-testid=signed-in-user]").TextContentAsync())?.Trim());
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));

        for (var i = 0; i < IdentityRegistration.MaxFailedSignIns; i++) await BrowserSession.SignInAsync(page, _app, "alice", "wrong " + i);
        await BrowserSession.SignInAsync(page, _app, "alice", RunningApp.Password);
        Assert.Contains("locked", await page.Locator("[data-testid=sign-in-error]").TextContentAsync(), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [GeneratedRegex(@"https?://\S+/setup\?token=\S+")]
    private static partial Regex SetupLinkPattern();
}
