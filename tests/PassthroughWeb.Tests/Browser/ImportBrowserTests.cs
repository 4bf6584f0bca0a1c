using Microsoft.Playwright;
using PassthroughWeb.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Import against the running app on loopback: the Import page in Chromium (pasted <c>lspci -nn</c> output lands on the
/// imported host, unknown verdicts and what a listing cannot know, at a laptop's and a phone's width), and
/// <c>import --url</c> from the CLI with an Operator's and a Viewer's token.
/// </summary>
public sealed class ImportBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string LspciNn =
        "00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)\n" +
        "00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)\n" +
        "00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]\n" +
        "00:17.0 SATA controller [0106]: Intel Corporation Cannon Lake PCH SATA AHCI Controller [8086:a352] (rev 10)\n" +
        "01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 [GeForce GT 1030] [10de:1d01] (rev a1)\n" +
        "01:00.1 Audio device [0403]: NVIDIA Corporation GP108 High Definition Audio Controller [10de:0fb8] (rev a1)\n" +
        "03:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network Connection [8086:1539] (rev 03)\n";

    private const string GuideLoop =
        "IOMMU Group 1:\n" +
        "\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)\n" +
        "\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 [GeForce GT 1030] [10de:1d01] (rev a1)\n" +
        "\t01:00.1 Audio device [0403]: NVIDIA Corporation GP108 High Definition Audio Controller [10de:0fb8] (rev a1)\n";

    [Fact]
    public async Task ImportPage_PastedLspciNn_OpensTheImportedHostWithUnknownVerdicts()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "import");
        await page.Locator("[data-testid=import-submit]:not([disabled])").WaitForAsync();
        await page.Locator("#import-name").FillAsync("bench-07");
        await page.Locator("#import-listing").FillAsync(LspciNn);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-import-phone.png", DocsScreenshots.PhoneWidth);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-import.png");

        // Right after the resize back to laptop width: a click that re-rendering swallows is made again (a click that took
        // effect leaves the page, which ends the retries, so the listing is imported once).
        await PageClicks.ClickUntilUrlAsync(page, page.Locator("[data-testid=import-submit]"), url => url.EndsWith("/hosts/bench-07", StringComparison.Ordinal));
        var card = page.Locator("[data-testid=import-card]");
        await card.WaitForAsync();
        Assert.Equal("lspci -nn", (await page.Locator("[data-testid=import-format]").TextContentAsync())?.Trim());
        Assert.Contains("lspci -nn does not print them", await page.Locator("[data-testid=import-unknowns]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("IOMMU groups unknown: the imported listing shows none", await page.Locator("#step-1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("[data-testid=gpu-card].gpu-card-unknown").CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid=gpu-card]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=rescan]").CountAsync());
        Assert.Equal(0, await page.Locator("#step-2").CountAsync());
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-imported-host-phone.png", DocsScreenshots.PhoneWidth);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-imported-host.png");

        // The hosts page lists it read-only, without the five steps.
        var hosts = await browser.NewPageAsync(app, "");
        var listed = hosts.Locator("[data-testid=host-card][data-host=bench-07]");
        await listed.Locator("[data-testid=imported-chip]").WaitForAsync();
        Assert.Contains("an imported listing is read-only", await listed.Locator("[data-testid=host-steps]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.CspViolations);
    }

    [Fact]
    public async Task ImportPage_AViewer_SeesNoLinkAndIsTurnedAway()
    {
        await app.AddUserAsync("vince", "Viewer");
        await using var browser = await BrowserSession.OpenAsync(app);
        browser.SignInAs("vince");
        var page = await browser.NewPageAsync(app, "");
        Assert.Equal(0, await page.Locator("[data-testid=nav-import]").CountAsync());

        await page.GotoAsync(app.Url("import").ToString());
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(0, await page.Locator("[data-testid=import-submit]").CountAsync());
        Assert.DoesNotContain("/import", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCommand_WithUrl_OperatorImportsAndAViewerIsRefused()
    {
        Assert.Null(app.Unavailable);
        var file = Path.Combine(app.DataDirectory, "bench-09-iommu.txt");
        await File.WriteAllTextAsync(file, GuideLoop, TestContext.Current.CancellationToken);
        await app.AddUserAsync("vera", "Viewer");

        var imported = await Cli.CliRun.RunAsync("import", "--name", "bench-09", file, "--url", app.BaseAddress.ToString(), "--token", await app.CreateTokenAsync("import-cli"));
        var refused = await Cli.CliRun.RunAsync("import", "--name", "bench-10", file, "--url", app.BaseAddress.ToString(), "--token", await app.CreateTokenAsync("import-viewer", "vera"));

        Assert.True(imported.ExitCode == ExitCodes.Success, imported.ToString());
        Assert.StartsWith("Imported bench-09 from bench-09-iommu.txt (IOMMU groups, the guide's loop)", imported.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[READY]", imported.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotAllowed, refused.ExitCode);
        Assert.Contains("vera is a Viewer and may not import hosts", refused.StandardError, StringComparison.Ordinal);
        using var http = await app.SignedInClientAsync();
        var hosts = await http.GetStringAsync(app.Url("api/hosts"), TestContext.Current.CancellationToken);
        Assert.Contains("\"name\":\"bench-09\"", hosts, StringComparison.Ordinal);
        Assert.DoesNotContain("bench-10", hosts, StringComparison.Ordinal);
    }
}
