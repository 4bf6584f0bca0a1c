using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>Playwright and one Chromium, closed together.</summary>
public sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public IBrowser Browser => browser;

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
