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

    /// <summary>Confirms the open apply dialog and waits until it closes (see <see cref="ConfirmAsync"/>).</summary>
    public static Task ConfirmApplyAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return ConfirmAsync(page.Locator("[data-testid=apply-confirm]"));
    }

    /// <summary>
    /// Clicks a dialog's confirming <paramref name="button"/> and waits until the dialog closes. A click that lands while
    /// Blazor re-renders the dialog (the page follows the host's live feed, more often on a loaded machine) is lost and
    /// leaves the dialog open: then it is clicked again. A click that did land closes the dialog before the work runs,
    /// so none is sent twice.
    /// </summary>
    public static async Task ConfirmAsync(ILocator button)
    {
        ArgumentNullException.ThrowIfNull(button);
        // The dialog opens through the circuit: first it must be there.
        await button.WaitForAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await button.IsVisibleAsync()) await button.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
                await button.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                // Still open: the click was lost.
            }
        }
    }

    /// <summary>Opens every card, for tests that read across steps.</summary>
    /// <remarks>
    /// Twice over: on a loaded machine a click can land after its retry was sent, and the second toggle closes the card
    /// the first opened. The second pass finds the cards settled and opens any that closed.
    /// </remarks>
    public static async Task OpenAllAsync(IPage page)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            for (var number = 1; number <= 5; number++) await OpenAsync(page, number);
        }
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
