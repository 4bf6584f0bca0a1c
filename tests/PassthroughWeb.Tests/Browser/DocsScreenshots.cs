using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The screenshots the README and docs/ show, written by the browser tests each time they run, straight into the
/// repository's docs/ folder (found through PassthroughWeb.sln): the pictures cannot show an older app than the tests saw.
/// </summary>
public static class DocsScreenshots
{
    /// <summary>A laptop's viewport, the README's main picture.</summary>
    public const int LaptopWidth = 1440;

    /// <summary>A phone's viewport (an iPhone 12–15 is 390 CSS pixels wide).</summary>
    public const int PhoneWidth = 390;

    /// <summary>The name of a picture taken at <paramref name="width"/>: NAME.png at a laptop's width, NAME-phone.png narrower.</summary>
    public static string NameAt(string name, int width) =>
        width >= LaptopWidth ? name : Path.GetFileNameWithoutExtension(name) + "-phone" + Path.GetExtension(name);

    /// <summary>The repository's docs/ folder, or null when the tests run outside a checkout (no PassthroughWeb.sln above them).</summary>
    public static string? Directory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "PassthroughWeb.sln")))
                    return Path.Combine(directory.FullName, "docs");
            }
            return null;
        }
    }

    /// <summary>
    /// Writes docs/<paramref name="name"/>: the whole page at <paramref name="width"/> (its top <paramref name="height"/>
    /// pixels when given), or one element. Returns the path written (null outside a checkout). The viewport is made as
    /// tall as the page so the fixed app bar and the drawer reach the bottom.
    /// </summary>
    public static async Task<string?> WriteAsync(IPage page, string name, int width = LaptopWidth, ILocator? element = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Directory is not { } docs) return null;
        var path = Path.Combine(docs, name);
        await page.SetViewportSizeAsync(width, 900);
        var pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(width, Math.Max(900, pageHeight));
        if (element is not null) await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        else if (height is { } top) await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = width, Height = Math.Min(top, pageHeight) } });
        else await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
