using Microsoft.Playwright;
using PassthroughWeb.Tests.Services.Access;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Two-factor sign-in in Chromium against the app started as <c>serve</c>: a user enrols with a code computed here by
/// RFC 6238, signs out, and signs in again with password and code.
/// </summary>
public sealed class TwoFactorBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string Name = "olivia";
    private const string Password = RunningApp.Password;

    [Fact]
    public async Task Enrolment_ThenSignIn_AsksForTheCodeAndLetsInWithIt()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.Browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);

        // An Operator added on the host with the CLI, as an Admin would, signs in with the password alone.
        await app.AddUserAsync(Name, "operator");
        await BrowserSession.SignInAsync(page, app, Name, RunningApp.Password);
        await page.GetByTestId("signed-in-user").WaitForAsync();

        // Enrol: the QR code is inline SVG, the key is shown for typing; the code comes from the key, as an app's would.
        await page.GotoAsync(app.Url("account/two-factor").ToString());
        await page.GetByTestId("two-factor-begin").ClickAsync();
        await page.Locator("[data-testid=two-factor-qr] svg").WaitForAsync();
        var key = (await page.GetByTestId("two-factor-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        await page.GetByTestId("two-factor-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("two-factor-confirm").ClickAsync();
        var codes = (await page.GetByTestId("recovery-codes").InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(10, codes.Length);
        await Assertions.Expect(page.GetByTestId("two-factor-on")).ToBeVisibleAsync();

        // Sign out, then in again: the password alone is not enough.
        await page.GetByTestId("sign-out").ClickAsync();
        await page.GetByTestId("sign-in-form").WaitForAsync();
        await page.GetByTestId("sign-in-name").FillAsync(Name);
        await page.GetByTestId("sign-in-password").FillAsync(Password);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await page.GetByTestId("two-factor-sign-in-form").WaitForAsync();
        Assert.Contains("/account/sign-in/two-factor", page.Url, StringComparison.Ordinal);

        await page.GetByTestId("two-factor-sign-in-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("two-factor-sign-in-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(Name);
    }
}
