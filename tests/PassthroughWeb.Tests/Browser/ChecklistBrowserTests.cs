using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The checklist as a new user meets it on the demo host: the stepper says where each step stands and which is next,
/// the next card is open, the others open on demand, at a laptop's and a phone's width, in light and dark.
/// </summary>
public sealed class ChecklistBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";
    private const string GuestGpu = "0000:07:00.0";

    [Fact]
    public async Task Stepper_DemoHost_ShowsTheStatesAndOpensTheNextStep()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await OpenReadyAsync(browser, $"hosts/{DemoHost}");
        var stepper = page.Locator("[data-testid=stepper]");

        // The scan found two ready cards and the demo's IOMMU is on: steps 1 and 2 are done, step 3 wants a card.
        Assert.Equal(5, await stepper.Locator("[data-testid=stepper-step]").CountAsync());
        Assert.Equal("Done", await StepperStateAsync(page, 1));
        Assert.Equal("Done", await StepperStateAsync(page, 2));
        // Step 3 waits only for a card to be picked: not started, as the hosts page says too.
        Assert.Equal("NotStarted", await StepperStateAsync(page, 3));
        Assert.Equal("not started", (await stepper.Locator("[data-step='3'] [data-testid=stepper-state]").TextContentAsync())?.Trim());
        Assert.Equal("3", await stepper.GetAttributeAsync("data-next"));
        Assert.Contains("Next: step 3, Isolate the GPU with vfio-pci.", await stepper.Locator("[data-testid=stepper-summary]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Step 4 waits for step 3.", (await page.Locator("[data-testid=step-4] [data-testid=step-waits]").TextContentAsync())?.Trim());

        // The next step's card is open; the done ones are folded to their header.
        Assert.Equal("true", await ToggleAsync(page, 3).GetAttributeAsync("aria-expanded"));
        Assert.Equal("false", await ToggleAsync(page, 2).GetAttributeAsync("aria-expanded"));
        Assert.Equal(0, await page.Locator("[data-testid=step-2] [data-testid=boot-loader-kind]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=step-3] [data-testid=step-next]").CountAsync());
        // The card header says the same as the stepper, in the same words.
        Assert.Equal("not started", (await page.Locator("[data-testid=step-3] [data-testid=step-state]").TextContentAsync())?.Trim());

        // Choosing step 2 on the stepper opens its card, with the keyboard as with the mouse.
        await stepper.Locator("[data-step='2'] button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=step-2] [data-testid=boot-loader-kind]").WaitForAsync();
        Assert.Equal("true", await ToggleAsync(page, 2).GetAttributeAsync("aria-expanded"));

        await AssertFitsAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-checklist.png", height: 1100);
        await AssertFitsAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-checklist-phone.png", DocsScreenshots.PhoneWidth, height: 2400);
    }

    [Fact]
    public async Task Stepper_CardChosen_StepThreeIsReadyToApplyAndStepTwoNeedsNoWait()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await OpenReadyAsync(browser, $"hosts/{DemoHost}?gpu={GuestGpu}");

        await Assertions.Expect(page.Locator("[data-testid=stepper] [data-step='3']")).ToHaveAttributeAsync("data-state", "ReadyToApply");
        Assert.Equal("ready to apply", (await page.Locator("[data-testid=step-3] [data-testid=step-state]").TextContentAsync())?.Trim());
        Assert.Equal(0, await page.Locator("[data-testid=step-3] [data-testid=step-waits]").CountAsync());
        // The plan opens folded per file: the summary line with its counts first, the diff a click away.
        var grub = page.Locator("[data-testid=step-3] [data-testid=file-change][data-path='/etc/modprobe.d/vfio.conf']");
        await grub.WaitForAsync();
        Assert.Matches(@"^\+\d+ −0$", (await grub.Locator("[data-testid=file-change-counts]").TextContentAsync())?.Trim());
        Assert.False(await grub.Locator("pre.diff").IsVisibleAsync());
        await grub.Locator("summary").ClickAsync();
        Assert.True(await grub.Locator("pre.diff").IsVisibleAsync());

        // The confirmation names the card, the files and the commands before anything is written.
        await page.Locator("[data-testid=apply-steps-2-3]").ClickAsync();
        var dialog = page.Locator("[data-testid=apply-dialog]");
        Assert.Contains($"at {GuestGpu}", await dialog.Locator("[data-testid=apply-dialog-card]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("/etc/modprobe.d/vfio.conf", await dialog.Locator("[data-testid=apply-dialog-files]").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await dialog.Locator("[data-testid=apply-dialog-commands] li").CountAsync() > 0);
        await page.Locator("[data-testid=apply-cancel]").ClickAsync();
    }

    [Fact]
    public async Task ThemeButton_SwitchesToDarkAndTheChoiceIsRemembered()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await OpenReadyAsync(browser, $"hosts/{DemoHost}");
        var toggle = page.Locator("[data-testid=theme-toggle]");
        Assert.Equal("light", await toggle.GetAttributeAsync("data-theme"));
        var lightBackground = await BackgroundAsync(page);

        await toggle.ClickAsync();

        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("theme-dark"));
        Assert.NotEqual(lightBackground, await BackgroundAsync(page));
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("data-theme", "dark");
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
        await AssertFitsAsync(page, DocsScreenshots.LaptopWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-dark.png", height: 1100);

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("data-theme", "light");
    }

    [Fact]
    public async Task Theme_BrowserPrefersDark_StartsDarkWithoutAChoice()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();

        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('passthroughweb-theme')"));
    }

    private static ILocator ToggleAsync(IPage page, int step) => page.Locator($"[data-testid=step-{step}] [data-testid=step-toggle]");

    private static Task<string?> StepperStateAsync(IPage page, int step) => page.Locator($"[data-testid=stepper] [data-step='{step}']").GetAttributeAsync("data-state");

    private static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private async Task<IPage> OpenReadyAsync(BrowserSession browser, string relative)
    {
        var page = await browser.NewPageAsync(app, relative);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=step-5][data-ready=true]").WaitForAsync();
        return page;
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        Assert.False(await ChecklistSteps.ScrollsSidewaysAsync(page), $"At {width} px the page scrolls sideways.");
    }
}
