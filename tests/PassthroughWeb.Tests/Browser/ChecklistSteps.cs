using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>The host page's step cards open and close: tests open the ones they read, as a user does.</summary>
public static class ChecklistSteps
{
    /// <summary>Opens the card of step <paramref name="number"/> (its header's button) unless it is open already.</summary>
    public static async Task OpenAsync(IPage page, int number)
    {
        ArgumentNullException.ThrowIfNull(page);
        var toggle = page.Locator($"[data-testid=step-{number}] [data-testid=step-toggle]");
        await toggle.WaitForAsync();
        var expanded = page.Locator($"[data-testid=step-{number}] [data-testid=step-toggle][aria-expanded=true]");
        // A click on the prerendered page, before its circuit is up, does nothing: click again until the card opens.
        for (var attempt = 1; ; attempt++)
        {
            if (await toggle.GetAttributeAsync("aria-expanded") != "true") await toggle.ClickAsync();
            try
            {
                await expanded.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 12)
            {
                // Not open yet: the next attempt clicks again.
            }
        }
    }

    /// <summary>Opens every card, for tests that read across steps.</summary>
    public static async Task OpenAllAsync(IPage page)
    {
        for (var number = 1; number <= 5; number++) await OpenAsync(page, number);
    }

    /// <summary>
    /// Whether the page is wider than the window (it would scroll sideways), measured as the issue states it:
    /// <c>document.scrollingElement.scrollWidth &lt;= innerWidth</c>.
    /// </summary>
    public static async Task<bool> ScrollsSidewaysAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth > window.innerWidth");
    }
}
