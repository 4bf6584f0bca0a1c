using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>Clicks that must take effect, on pages Blazor may be re-rendering (after a resize, a report, a circuit start).</summary>
public static class PageClicks
{
    /// <summary>
    /// Clicks <paramref name="target"/> until the page's address satisfies <paramref name="arrived"/>: a click that lands
    /// while Blazor re-renders the element is lost; a second one is not. Fails after three clicks of 10 s each.
    /// </summary>
    public static async Task ClickUntilUrlAsync(IPage page, ILocator target, Func<string, bool> arrived)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(arrived);
        for (var attempt = 1; !arrived(page.Url); attempt++)
        {
            await target.ClickAsync();
            try
            {
                // Blazor changes the address with pushState: there is no load event to wait for, only the commit.
                await page.WaitForURLAsync(arrived, new() { WaitUntil = WaitUntilState.Commit, Timeout = 10_000 });
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
