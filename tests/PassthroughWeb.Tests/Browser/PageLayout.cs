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
        // Let the layout settle after the resize (MudBlazor's breakpoint listeners re-render).
        await page.WaitForTimeoutAsync(500);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var viewport = await page.EvaluateAsync<int>("() => document.documentElement.clientWidth");
        if (scrollWidth <= viewport) return;
        var culprits = await page.EvaluateAsync<string[]>(
            """
            (w) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1 && e.children.length === 0)
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (right ${Math.round(e.getBoundingClientRect().right)}): ${(e.textContent || '').trim().slice(0, 80)}`)
            """, viewport);
        Assert.Fail($"At {width} px the page is {scrollWidth} px wide and scrolls sideways. Sticking out:\n{string.Join("\n", culprits)}");
    }
}
