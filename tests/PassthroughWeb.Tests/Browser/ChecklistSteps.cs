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
        if (await toggle.GetAttributeAsync("aria-expanded") != "true") await toggle.ClickAsync();
        await page.Locator($"[data-testid=step-{number}] [data-testid=step-toggle][aria-expanded=true]").WaitForAsync();
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
