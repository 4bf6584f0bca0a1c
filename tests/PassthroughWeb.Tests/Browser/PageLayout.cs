using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>Checks of a page's layout that hold at any width.</summary>
public static class PageLayout
{
    /// <summary>
    /// Sets the viewport to <paramref name="width"/> and fails when the page is wider than it (it would scroll sideways
    /// on a phone), naming the widest elements that stick out so the failure says what to fix.
    /// </summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.SetViewportSizeAsync(width, 844);
        // The layout settles after the resize: MudBlazor's breakpoint listeners re-render tables and drawers through the
        // circuit, which takes longer on a loaded machine. A page that stays too wide for 5 s is too wide.
        try
        {
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth", null,
                new PageWaitForFunctionOptions { Timeout = 5_000 });
            return;
        }
        catch (TimeoutException)
        {
        }
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var viewport = await page.EvaluateAsync<int>("() => document.documentElement.clientWidth");
        if (scrollWidth <= viewport) return;
        // What sticks out and is not inside a box that scrolls or clips it.
        var culprits = await page.EvaluateAsync<string[]>(
            """
            (w) => [...document.querySelectorAll('body *')]
                .filter(e => {
                    if (e.getBoundingClientRect().right <= w + 1) return false;
                    for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false;
                    return true;
                })
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (right ${Math.round(e.getBoundingClientRect().right)}): ${(e.textContent || '').trim().slice(0, 80)}`)
            """, viewport);
        Assert.Fail($"At {width} px the page is {scrollWidth} px wide and scrolls sideways. Sticking out:\n{string.Join("\n", culprits)}");
    }
}
