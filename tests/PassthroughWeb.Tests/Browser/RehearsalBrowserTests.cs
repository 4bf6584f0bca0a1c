using Microsoft.Playwright;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Rehearsal;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// "Rehearse the reboot" from the step 3 card in headless Chromium, on a host root that holds Debian's real kernel
/// package and the guide's workstation in miniature (two 1234:1111 displays; the card at 00:04.0, initramfs-tools): the
/// progress and the guest's console come in live, the report says the rehearsal passed check by check, and the history
/// holds it.
/// </summary>
public sealed class RehearsalBrowserTests(RehearsalBrowserTests.Fixture fixture) : IClassFixture<RehearsalBrowserTests.Fixture>
{
    private const string Card = "0000:00:04.0";

    /// <summary>The rehearsal host, then the app started on it (<c>serve --root HOST</c>, beside the demo).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public RehearsalHost? Host { get; private set; }
        public RunningApp? App { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Host = await RehearsalHost.CreateAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, CancellationToken.None);
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
                Host?.Dispose();
            }
        }
    }

    [Fact]
    public async Task RehearseTheReboot_StepThreeCard_ShowsLiveProgressThenAPassingReportRecordedInTheHistory()
    {
        var app = fixture.App!;
        if (app.Unavailable is { } why) Assert.Skip(why);
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/rehearsal-host?gpu={Card}");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync(new() { Timeout = 120_000 });
        var step3 = page.Locator("[data-testid=step-3]");
        Assert.Equal("address", await step3.Locator("[data-testid=binding-method]").GetAttributeAsync("data-method"));

        // TCG from the selector beside the button: the test does not depend on this machine's KVM, and shows the choice
        // reaches the rehearsal.
        // On a loaded machine a click on the list can land while the popover still opens: choose until the select shows it.
        var select = step3.Locator("[data-testid=accel-steps-2-3]");
        async Task<string?> Shown() => await select.GetAttributeAsync("data-choice");
        for (var attempt = 0; attempt < 5 && await Shown() != "Tcg"; attempt++)
        {
            await step3.Locator("[data-testid=accel-steps-2-3]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "TCG (emulated, slower)" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        Assert.Equal("Tcg", await Shown());
        await step3.Locator("[data-testid=rehearse-steps-2-3]").ClickAsync();

        // Pushed over the circuit while it runs: the boot's progress reaches the page before the report does.
        var lines = step3.Locator("[data-testid=rehearsal-lines]");
        await lines.WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(lines).ToContainTextAsync("Booting under QEMU", new() { Timeout = 240_000 });
        var result = step3.Locator("[data-testid=rehearsal-result]");
        await result.WaitForAsync(new() { Timeout = 300_000 });

        var outcome = await result.GetAttributeAsync("data-outcome");
        Assert.True(outcome == "Passed", $"The rehearsal ended {outcome}:\n{await step3.TextContentAsync()}");
        var checks = step3.Locator("[data-testid=rehearsal-checks] li");
        Assert.True(await checks.CountAsync() >= 4, "The report lists each check in words.");
        Assert.Equal(0, await step3.Locator("[data-testid=rehearsal-checks] li[data-passed=false]").CountAsync());
        Assert.Contains(Card, await step3.Locator("[data-testid=rehearsal-checks]").TextContentAsync(), StringComparison.Ordinal);
        var accelerator = step3.Locator("[data-testid=rehearsal-accelerator]");
        Assert.Equal("Tcg", await accelerator.GetAttributeAsync("data-accelerator"));
        Assert.Contains("TCG was chosen", await accelerator.TextContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, step3.Locator("[data-testid=rehearsal-steps-2-3]"));
        await DocsScreenshots.WriteAsync(page, "screenshot-rehearsal.png", element: step3.Locator("[data-testid=rehearsal-steps-2-3]"));

        var history = await browser.NewPageAsync(app, "hosts/rehearsal-host/history");
        await Assertions.Expect(history.Locator("body")).ToContainTextAsync("Rehearsal of steps host,isolate for 0000:00:04.0");
    }

    private static async Task ScreenshotAsync(IPage page, ILocator element)
    {
        Directory.CreateDirectory(DemoHostBrowserTests.ScreenshotDirectory);
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(1440, Math.Max(900, height));
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DemoHostBrowserTests.ScreenshotDirectory, "rehearsal.png") });
    }
}
