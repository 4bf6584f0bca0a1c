using Microsoft.Playwright;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The Admin's Users page with the users and tokens a small lab has (an Operator, a Viewer, a script's token, an agent's
/// token): at laptop width a table, on a phone each user and token a block of labelled lines, never a page that
/// scrolls sideways.
/// </summary>
public sealed class UsersPageBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task UsersPage_WithUsersAndTokens_IsATableOnALaptopAndLabelledBlocksOnAPhone()
    {
        await app.AddUserAsync("olivia", "operator");
        await app.AddUserAsync("victor", "viewer");
        await app.CreateTokenAsync("nightly-backup", "olivia");
        var agentToken = await CliRun.RunAsync(app.Cli, "token", "create", "--agent", "gpu-node-017", "--data", app.DataDirectory);
        Assert.True(agentToken.ExitCode == 0, agentToken.ToString());

        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "admin/users", interactive: false);
        var users = page.Locator("[data-testid=user-table]");
        await Assertions.Expect(users.Locator("tr[data-user]")).ToHaveCountAsync(3);
        var tokens = page.Locator("[data-testid=token-table]");
        await Assertions.Expect(tokens.Locator("tr[data-token=gpu-node-017] td[data-label=Kind]")).ToHaveTextAsync("agent");
        await Assertions.Expect(users.Locator("thead")).ToBeVisibleAsync();

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        // On a phone the column heads give way to a label on each line.
        await Assertions.Expect(users.Locator("thead")).ToBeHiddenAsync();
        var role = users.Locator("tr[data-user=olivia] [data-testid=user-role]");
        Assert.Equal("Role: ", await role.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content.replaceAll('\"', '')"));
        await Assertions.Expect(role).ToHaveTextAsync("Operator");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "users-page-phone.png"), FullPage = true });
    }
}
