using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Playwright and one Debian Chromium (never a downloaded browser), closed together. Pages share one browser context,
/// signed in once as the app's Admin (or as <see cref="SignInAs"/> says) before the first page opens.
/// </summary>
public sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    private IBrowserContext? _context;
    private string _user = RunningApp.AdminName;
    private int _width = DocsScreenshots.LaptopWidth;

    /// <summary>Signs the next pages in as <paramref name="user"/> (the password is <see cref="RunningApp.Password"/>).</summary>
    public BrowserSession SignInAs(string user)
    {
        _user = user;
        return this;
    }

    /// <summary>Opens the next pages in a window <paramref name="width"/> CSS pixels wide (a laptop's 1440 unless told).</summary>
    public BrowserSession AtWidth(int width)
    {
        _width = width;
        return this;
    }

    /// <summary>Signs in through the sign-in page, as a person does.</summary>
    public static async Task SignInAsync(IPage page, RunningApp app, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(app);
        await page.GotoAsync(app.Url("account/login").ToString());
        await page.Locator("[data-testid=sign-in-name]").FillAsync(user);
        await page.Locator("[data-testid=sign-in-password]").FillAsync(password);
        await page.Locator("[data-testid=sign-in-submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public const string ChromiumPath = "/usr/bin/chromium";

    public IBrowser Browser => browser;

    private readonly List<string> _cspViolations = [];

    /// <summary>
    /// Every Content-Security-Policy violation a page of this session reported (blocked script, style, connection …).
    /// The app must have none: closing a session that saw one fails the test.
    /// </summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_cspViolations) return [.. _cspViolations];
        }
    }

    /// <summary>Forgets the violations seen so far (after a test provoked one on purpose).</summary>
    public void ClearCspViolations()
    {
        lock (_cspViolations) _cspViolations.Clear();
    }

    private const string ViolationPrefix = "CSP violation: ";

    /// <summary>Starts headless Chromium for a test of <paramref name="app"/>; skips with the reason when the app or Chromium is missing.</summary>
    public static async Task<BrowserSession> OpenAsync(RunningApp app)
    {
        if (app.Unavailable is { } reason) Assert.Skip(reason);
        if (!File.Exists(ChromiumPath)) Assert.Skip($"Chromium is not installed at {ChromiumPath} (apt-get install chromium).");
        // Playwright's assertions wait 5 s by default; on a loaded 2-core CI machine a circuit's re-render after an agent's
        // report can take longer. A page that never shows what is expected still fails, after 20 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new BrowserSession(playwright, launched);
    }

    /// <summary>
    /// Opens <paramref name="relative"/> and waits until the page is interactive (the circuit is up), so clicks are not
    /// lost; a page rendered on the server only (the account and user pages, plain forms) has no circuit to wait for.
    /// </summary>
    public async Task<IPage> NewPageAsync(RunningApp app, string relative, bool interactive = true)
    {
        if (_context is null)
        {
            _context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = _width, Height = _width < DocsScreenshots.LaptopWidth ? 844 : 900 } });
            var signIn = await _context.NewPageAsync();
            signIn.SetDefaultTimeout(60_000);
            await SignInAsync(signIn, app, _user, RunningApp.Password);
            Assert.False(signIn.Url.Contains("account/login", StringComparison.Ordinal), $"Signing in as {_user} failed.\n{app.Output}");
            await signIn.CloseAsync();
        }
        var page = await _context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        // The browser reports violations as an event on the document; the page's console carries them to the test.
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('" + ViolationPrefix + "' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        page.Console += (_, message) =>
        {
            if (!message.Text.StartsWith(ViolationPrefix, StringComparison.Ordinal)) return;
            lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
        var response = await page.GotoAsync(app.Url(relative).ToString());
        Assert.True(response?.Ok, $"GET /{relative} answered {response?.Status}.\n{app.Output}");
        if (interactive) await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await browser.CloseAsync();
        playwright.Dispose();
        var violations = CspViolations;
        Assert.True(violations.Count == 0, "The Content-Security-Policy blocked something the app needs:\n" + string.Join('\n', violations));
    }
}
