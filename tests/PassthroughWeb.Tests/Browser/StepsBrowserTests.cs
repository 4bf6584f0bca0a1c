using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Steps 2 and 3 on the demo host in headless Chromium: plan both for the RX 6600, apply them as one change set
/// (the commands are skipped on the demo's copy of a host), see the reboot banner, find the set in the history and
/// roll it back — checking the demo tree's files on disk at each stage. The walk is made at a laptop's width and at a
/// phone's, where no stage of it may scroll sideways.
/// </summary>
public sealed class StepsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";
    private const string GuestGpu = "0000:07:00.0";

    private string DemoFile(string hostPath) => Path.Combine(app.DataDirectory, "demo", DemoHost, hostPath.TrimStart('/'));

    [Theory]
    [InlineData(DocsScreenshots.LaptopWidth)]
    [InlineData(DocsScreenshots.PhoneWidth)]
    public async Task StepsTwoAndThree_DemoHost_PlanApplyRebootBannerHistoryRollback(int width)
    {
        await using var browser = (await OpenAsync()).AtWidth(width);
        var page = await NewPageAsync(browser, $"hosts/{DemoHost}");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        // Step 1, the scan, is what a new user reads first: both cards, the guest card among them.
        var step1 = page.Locator("[data-testid=step-1]");
        Assert.Contains(GuestGpu, await step1.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("0000:03:00.0", await step1.TextContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "scan.png", width, step1);
        var step2 = page.Locator("[data-testid=step-2]");
        var step3 = page.Locator("[data-testid=step-3]");

        // Step 2 found the guide's GRUB; the card to pass is chosen on step 3.
        Assert.Equal("GRUB", (await step2.Locator("[data-testid=boot-loader-kind]").TextContentAsync())?.Trim());
        Assert.Contains("/etc/default/grub", await step2.Locator("[data-testid=command-line-files]").TextContentAsync(), StringComparison.Ordinal);
        await ClickUntilQueryAsync(page, step3.Locator($"[data-testid=gpu-option][data-address='{GuestGpu}'] .mud-radio"), "gpu=" + GuestGpu);

        // 1002:ab28 is both cards' HDMI audio: ids= would take the host's too, so the card is bound by address.
        var method = step3.Locator("[data-testid=binding-method]");
        await method.WaitForAsync();
        Assert.Equal("address", await method.GetAttributeAsync("data-method"));
        var collisions = await step3.Locator("[data-testid=binding-collisions]").TextContentAsync();
        Assert.Contains("1002:ab28", collisions, StringComparison.Ordinal);
        Assert.Contains("0000:03:00.1", collisions, StringComparison.Ordinal);
        Assert.Contains("0000:03:00.0", await step3.Locator("[data-testid=host-display]").TextContentAsync(), StringComparison.Ordinal);

        // The demo's GRUB already carries intel_iommu=on iommu=pt (as its running command line does); the boot display
        // extra adds to that line, so the plan shows GRUB's diff with the Intel parameters kept and the extras added.
        await ClickUntilQueryAsync(page, step2.Locator("[data-testid=extra-boot-gpu] .mud-checkbox"), "bootgpu=true");
        var grub = step3.Locator("[data-testid=file-change][data-path='/etc/default/grub']");
        await grub.WaitForAsync();
        var added = await grub.Locator(".diff-add").AllTextContentsAsync();
        var removed = await grub.Locator(".diff-del").AllTextContentsAsync();
        Assert.Equal(["+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on iommu=pt video=efifb:off initcall_blacklist=sysfb_init\""], added);
        Assert.Equal(["-GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on iommu=pt\""], removed);
        Assert.Equal(1, await step3.Locator("[data-testid=file-change][data-path='/etc/modprobe.d/vfio.conf']").CountAsync());
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        var skipped = await step3.Locator("[data-testid=plan] [data-testid=command-skipped]").CountAsync();
        Assert.True(skipped > 0, "The demo host is a copy of a host: its commands are marked as skipped.");
        Assert.False(File.Exists(DemoFile("/etc/modprobe.d/vfio.conf")));
        var grubBefore = await File.ReadAllBytesAsync(DemoFile("/etc/default/grub"), TestContext.Current.CancellationToken);

        // One apply for both steps, confirmed in a dialog.
        await step3.Locator("[data-testid=apply-steps-2-3]").ClickAsync();
        // On a copy of a host the dialog does not promise to run what it then lists as skipped.
        var dialogText = await page.Locator("[data-testid=apply-dialog-text]").TextContentAsync();
        Assert.DoesNotContain("runs", dialogText, StringComparison.Ordinal);
        Assert.Contains("as skipped", dialogText, StringComparison.Ordinal);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        await ChecklistSteps.ConfirmApplyAsync(page);
        var banner = step3.Locator("[data-testid=reboot-banner]");
        try
        {
            await banner.WaitForAsync();
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(page, "steps-apply-timeout.png", width);
            throw new TimeoutException($"No reboot banner after the apply:\n{app.Output}", e);
        }
        Assert.Contains("Steps 2 and 3 were applied together", await banner.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Applied", await step3.Locator("[data-testid=apply-result]").GetAttributeAsync("data-outcome"));
        var runs = step3.Locator("[data-testid=apply-result] [data-testid=command-run]");
        Assert.True(await runs.CountAsync() > 0);
        Assert.Equal(await runs.CountAsync(), await step3.Locator("[data-testid=apply-result] [data-testid=command-run][data-status=Skipped]").CountAsync());
        Assert.Equal("reboot needed", (await step3.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.Equal("reboot needed", (await step2.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.Equal(1, await step2.Locator("[data-testid=applied-with-step-3]").CountAsync());
        // One change set, one reboot, one banner on the page (in step 3, whose card shows the set).
        Assert.Equal(1, await page.Locator("[data-testid=reboot-banner]").CountAsync());
        Assert.Equal(0, await step2.Locator("[data-testid=reboot-banner]").CountAsync());
        Assert.Contains("video=efifb:off", await File.ReadAllTextAsync(DemoFile("/etc/default/grub"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(File.Exists(DemoFile("/etc/modprobe.d/vfio.conf")));
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        await ScreenshotAsync(page, "steps.png", width, step3);
        await DocsScreenshots.WriteAsync(page, DocsScreenshots.NameAt("screenshot-steps.png", width), width, element: step3);
        // The whole page with every card open is taken at a laptop's width only (at a phone's it is 15,000 px tall and
        // slow to take; HostPageBrowserTests keeps the phone's picture of it).
        if (width == DocsScreenshots.LaptopWidth) await ScreenshotAsync(page, "host-steps.png", width);

        // Verify right away: the demo has not rebooted, so the app says to reboot first (or, with no boot id, checks and fails).
        await step3.Locator("[data-testid=verify-steps-2-3]").ClickAsync();
        await step3.Locator("[data-testid=verify-result], [data-testid=verification]").First.WaitForAsync();
        // Beside a banner that says there is no machine to reboot, Verify does not say "reboot the host".
        var verified = await step3.Locator("[data-testid=verify-result]").TextContentAsync();
        Assert.DoesNotContain("reboot the host", verified, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no machine to reboot", verified, StringComparison.Ordinal);
        // The demo has no kernel to boot: no Rehearse button is offered, and each card says why in words.
        Assert.Equal(0, await step3.Locator("[data-testid=rehearse-steps-2-3]").CountAsync());
        Assert.Contains("No rehearsal on this host", await step3.Locator("[data-testid=rehearse-impossible-steps-2-3]").TextContentAsync(), StringComparison.Ordinal);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        await ScreenshotAsync(page, "steps-verified.png", width, step3);

        // The history lists the set (the one applied: a walk at another width may have left a rolled-back one); opened, it
        // shows its diffs and each command; rolled back, the files are as before.
        var history = await NewPageAsync(browser, $"hosts/{DemoHost}/history");
        var set = history.Locator("[data-testid=change-set][data-state=Applied]");
        Assert.Equal(1, await set.CountAsync());
        Assert.Contains("Steps 2 (IOMMU) + 3 (isolate the GPU)", await set.Locator("[data-testid=change-set-steps]").TextContentAsync(), StringComparison.Ordinal);
        await set.Locator("[data-testid=change-set-toggle]").ClickAsync();
        await set.Locator("[data-testid=change-set-details]").WaitForAsync();
        Assert.True(await set.Locator("[data-testid=diff][data-path='/etc/default/grub'] .diff-add").CountAsync() == 1);
        Assert.True(await set.Locator("[data-testid=command-run][data-status=Skipped]").CountAsync() > 0);
        // The picture first: taking it makes the window as tall as the page, and the check puts the phone's height back
        // and waits for the layout to settle, before the next click.
        await ScreenshotAsync(history, "history.png", width);
        await PageLayout.AssertNoSidewaysScrollAsync(history, width);

        await set.Locator("[data-testid=history-rollback]").ClickAsync();
        await ChecklistSteps.ConfirmAsync(history.Locator(".mud-dialog button", new() { HasTextString = "Roll back" }));
        try
        {
            await set.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(history, "history-rollback-timeout.png", width);
            throw new TimeoutException($"The change set is still applied after Roll back:\n{app.Output}", e);
        }
        Assert.Equal(grubBefore, await File.ReadAllBytesAsync(DemoFile("/etc/default/grub"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(DemoFile("/etc/modprobe.d/vfio.conf")));
        await PageLayout.AssertNoSidewaysScrollAsync(history, width);
        await ScreenshotAsync(history, "history-rolled-back.png", width);

        // The host page, still open in another tab, follows the host's feed: without a reload it no longer offers to
        // roll back the set the history just rolled back, and step 3 is not applied again.
        await step3.Locator("[data-testid=rollback-steps-2-3]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await step3.Locator("[data-testid=step-status]").TextContentAsync())?.Trim() != "not applied" && DateTime.UtcNow < deadline) await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal("not applied", (await step3.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.Equal(0, await page.Locator("[data-testid=reboot-banner]").CountAsync());
    }

    [Fact]
    public async Task StepThree_BootDisplayChosen_RefusedUntilSingleGpuModeIsTicked()
    {
        await using var browser = await OpenAsync();
        var page = await NewPageAsync(browser, $"hosts/{DemoHost}?gpu=0000:03:00.0");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        var step3 = page.Locator("[data-testid=step-3]");

        Assert.Equal("BootDisplay", await step3.Locator("[data-testid=refusal]").First.GetAttributeAsync("data-kind"));
        Assert.Equal(1, await step3.Locator("[data-testid=plan-refused]").CountAsync());
        Assert.True(await step3.Locator("[data-testid=apply-steps-2-3]").IsDisabledAsync());

        await ClickUntilQueryAsync(page, step3.Locator("[data-testid=single-gpu] .mud-checkbox"), "single=true");
        await step3.Locator("[data-testid=plan]").WaitForAsync();
        Assert.Equal(0, await step3.Locator("[data-testid=refusal][data-kind=BootDisplay]").CountAsync());
        Assert.False(await step3.Locator("[data-testid=apply-steps-2-3]").IsDisabledAsync());
    }

    /// <summary>Steps 2 and 3 are planned for the choices in the URL (on pages that have them).</summary>
    private static async Task WaitUntilPlannedAsync(IPage page)
    {
        if (await page.Locator("[data-testid=change-steps]").CountAsync() > 0)
            await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
    }

    /// <summary>
    /// Clicks a choice until it shows in the URL (client-side navigation, which fires no load event), then waits until
    /// the steps are planned for it. A click that lands while Blazor re-renders the element is lost; a second one is not.
    /// </summary>
    private static async Task ClickUntilQueryAsync(IPage page, ILocator choice, string part)
    {
        await PageClicks.ClickUntilUrlAsync(page, choice, url => Uri.UnescapeDataString(url).Contains(part, StringComparison.OrdinalIgnoreCase));
        await WaitUntilPlannedAsync(page);
    }

    private Task<BrowserSession> OpenAsync() => BrowserSession.OpenAsync(app);

    private async Task<IPage> NewPageAsync(BrowserSession session, string relative)
    {
        var page = await session.NewPageAsync(app, relative);
        await WaitUntilPlannedAsync(page);
        return page;
    }

    /// <summary>
    /// A full-page screenshot, or of one element, at <paramref name="width"/> into the folder the other browser tests use
    /// (NAME-phone.png below a laptop's width).
    /// </summary>
    private static async Task ScreenshotAsync(IPage page, string name, int width, ILocator? element = null)
    {
        Directory.CreateDirectory(DemoHostBrowserTests.ScreenshotDirectory);
        var path = Path.Combine(DemoHostBrowserTests.ScreenshotDirectory, DocsScreenshots.NameAt(name, width));
        // The app bar is fixed: with the viewport as tall as the page nothing scrolls under it.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(width, Math.Max(900, height));
        if (element is not null) await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        else await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
