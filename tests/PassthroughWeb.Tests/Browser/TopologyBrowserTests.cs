using System.Xml.Linq;
using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>The picture of the demo host in headless Chromium: drawn, clicked, exported as SVG and PNG, on a laptop and on a phone.</summary>
public sealed class TopologyBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";
    private const string GuestCard = "0000:07:00.0";

    [Fact]
    public async Task TopologyPage_DemoHost_DrawsTheTreeAndShowsADeviceOnClick()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}/topology?gpu={GuestCard}");

        var picture = page.Locator("[data-testid=topology] svg.topology-svg");
        Assert.Equal(10, await picture.Locator(".topology-node").CountAsync());
        Assert.Equal("ChosenCard", await picture.Locator($".topology-node[data-address='{GuestCard}']").GetAttributeAsync("data-marks"));
        Assert.Equal("BootDisplay", await picture.Locator(".topology-node[data-address='0000:03:00.0']").GetAttributeAsync("data-marks"));

        // From the keyboard: Tab to a device and press Enter, as with a button.
        var audio = picture.Locator(".topology-node[data-address='0000:07:00.1']");
        await audio.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var details = page.Locator("[data-testid=topology-device][data-id='0000:07:00.1']");
        await details.WaitForAsync();
        Assert.Equal("1002:ab28", (await details.Locator("[data-testid=detail-ids]").TextContentAsync())?.Trim());
        Assert.Equal("19", (await details.Locator("[data-testid=detail-group]").TextContentAsync())?.Trim());

        await picture.Locator(".topology-node[data-address='0000:00:01.0']").ClickAsync();
        var port = page.Locator("[data-testid=topology-device][data-id='0000:00:01.0']");
        await port.WaitForAsync();
        Assert.Contains("0000:03:00.0", await port.Locator("[data-testid=detail-mates]").TextContentAsync(), StringComparison.Ordinal);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await DocsScreenshots.WriteAsync(page, "screenshot-topology.png");
    }

    [Fact]
    public async Task Export_DemoHost_DownloadsAStandaloneSvgAndAPng()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}/topology?gpu={GuestCard}");

        var svgDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=topology-export-svg]").ClickAsync());
        var svgPath = await svgDownload.PathAsync();
        Assert.Equal($"{DemoHost}-pci-topology.svg", svgDownload.SuggestedFilename);
        var svg = XDocument.Load(svgPath);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Contains(svg.Root.Descendants(ns + "g"), g => (string?)g.Attribute("data-address") == GuestCard);
        Assert.Contains("07:00.0", svg.Root.Value, StringComparison.Ordinal);
        Assert.Contains(svg.Root.Descendants(ns + "g"), g => (string?)g.Attribute("class") == "topology-legend");

        var pngDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=topology-export-png]").ClickAsync());
        Assert.Equal($"{DemoHost}-pci-topology.png", pngDownload.SuggestedFilename);
        var png = await File.ReadAllBytesAsync(await pngDownload.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        Assert.True(png.Length > 20_000, $"The PNG is only {png.Length} bytes: the picture did not draw.");
        // The PNG is the picture at twice its size (IHDR: width and height, big-endian, at bytes 16 and 20).
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var svgWidth = double.Parse((string)svg.Root.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((int)Math.Ceiling(svgWidth * 2), width);
    }

    [Fact]
    public async Task TopologyPage_Phone_ScrollsOnlyInsideThePicture()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}/topology?gpu={GuestCard}");

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await page.Locator(".topology-node[data-address='0000:07:00.0']").ClickAsync();
        await page.Locator("[data-testid=topology-device][data-id='0000:07:00.0']").WaitForAsync();
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await DocsScreenshots.WriteAsync(page, "screenshot-topology-phone.png", DocsScreenshots.PhoneWidth);
    }

    [Fact]
    public async Task HostPage_DemoHost_FoldsThePictureOpenAndLinksToItsPage()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}");

        var section = page.Locator("[data-testid=topology-section]");
        Assert.False(await section.Locator("svg.topology-svg").IsVisibleAsync());
        await section.Locator("summary").ClickAsync();
        await section.Locator("svg.topology-svg").WaitForAsync();
        // The checklist plans for the first card until another is chosen: the picture highlights the same one.
        Assert.Equal("ChosenCard, BootDisplay", await section.Locator(".topology-node[data-address='0000:03:00.0']").GetAttributeAsync("data-marks"));
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);

        // Right after the resize to a phone's width: the link may be re-rendering as it is clicked.
        await PageClicks.ClickUntilUrlAsync(page, section.Locator("[data-testid=topology-page-link]"), url => url.Contains($"/hosts/{DemoHost}/topology", StringComparison.Ordinal));
        await page.Locator("[data-testid=topology] svg.topology-svg").WaitForAsync();
    }
}
