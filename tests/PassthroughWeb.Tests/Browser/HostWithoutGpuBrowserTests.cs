using Microsoft.Playwright;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The app started on a host with no graphics card and no IOMMU (<c>serve --root HOST</c>, beside the demo), as a CI
/// runner or a cloud machine is: step 2 is planned without a card, and every card that cannot act says why in words.
/// </summary>
public sealed class HostWithoutGpuBrowserTests(HostWithoutGpuBrowserTests.Fixture fixture) : IClassFixture<HostWithoutGpuBrowserTests.Fixture>
{
    /// <summary>The host without a card, then the app started on it.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public HeadlessServer Host { get; } = new();
        public RunningApp? App { get; private set; }

        public async ValueTask InitializeAsync()
        {
            App = new RunningApp(["--root", Host.Path]);
            await App.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (App is not null) await App.DisposeAsync();
            }
            finally
            {
                Host.Dispose();
            }
        }
    }

    [Fact]
    public async Task HostPage_NoGpuNoIommu_StepTwoIsPlannedAndEveryOtherCardSaysWhyInWords()
    {
        var app = fixture.App!;
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{HeadlessServer.HostName}");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
        var step2 = page.Locator("[data-testid=step-2]");

        // Step 2: GRUB found, its plan shown (no endless progress bar), Apply offered.
        Assert.Equal("GRUB", (await step2.Locator("[data-testid=boot-loader-kind]").TextContentAsync())?.Trim());
        var grub = step2.Locator("[data-testid=file-change][data-path='/etc/default/grub']");
        await grub.WaitForAsync();
        Assert.Equal(["+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\""], await grub.Locator(".diff-add").AllTextContentsAsync());
        Assert.Equal(0, await step2.Locator(".mud-progress-linear").CountAsync());
        Assert.False(await step2.Locator("[data-testid=apply-step-2]").IsDisabledAsync());
        // The boot-display extra is about a card: with none, it is not offered; the ACS override still is.
        Assert.Equal(0, await step2.Locator("[data-testid=extra-boot-gpu]").CountAsync());
        Assert.Equal(1, await step2.Locator("[data-testid=extra-acs-override]").CountAsync());
        // No kernel tree to boot (and no card): no Rehearse button, a sentence instead.
        Assert.Equal(0, await step2.Locator("[data-testid=rehearse-step-2]").CountAsync());
        Assert.Contains("No rehearsal on this host", await step2.Locator("[data-testid=rehearse-impossible-step-2]").TextContentAsync(), StringComparison.Ordinal);

        // Steps 3, 4 and 5 cannot act without a card: each says so in a sentence, none spins.
        foreach (var (step, words) in new[] { (3, "nothing to isolate"), (4, "nothing to give a VM"), (5, "no card whose driver") })
        {
            var card = page.Locator($"[data-testid=step-{step}]");
            await Assertions.Expect(card).ToContainTextAsync("found no graphics card");
            await Assertions.Expect(card).ToContainTextAsync(words);
            Assert.Equal(0, await card.Locator(".mud-progress-linear").CountAsync());
            Assert.Equal("no card to pass", (await card.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        }
        await DocsScreenshots.WriteAsync(page, "screenshot-host-without-gpu.png");
    }
}
