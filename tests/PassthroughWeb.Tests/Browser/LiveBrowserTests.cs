using Microsoft.Playwright;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Two people on the demo host's page at once, in two browser contexts: what one applies, the other sees as it
/// happens (each file, each command, the result) and the step cards change without a reload; a rollback made from the
/// command line (another process on the same data directory) reaches both the same way.
/// </summary>
public sealed class LiveBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";
    private const string Page = $"hosts/{DemoHost}?gpu=0000:07:00.0";

    [Fact]
    public async Task TwoBrowsers_OneApplies_TheOtherSeesEachFileAndTheFinalStateLive()
    {
        await using var first = await BrowserSession.OpenAsync(app);
        await using var second = await BrowserSession.OpenAsync(app);
        var watching = await OpenAsync(second);
        var applying = await OpenAsync(first);
        var watchedStep3 = watching.Locator("[data-testid=step-3]");
        Assert.Equal("not applied", (await watchedStep3.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.Equal("idle", await watching.Locator("[data-testid=host-activity]").GetAttributeAsync("data-state"));

        await applying.Locator("[data-testid=step-3] [data-testid=apply-steps-2-3]").ClickAsync();
        await applying.Locator("[data-testid=apply-confirm]").ClickAsync();

        // The other browser: every file as it is written, the skipped command, the outcome, then the cards' new state.
        var log = watching.Locator("[data-testid=host-activity-log]");
        await log.Locator("li[data-type=change-set-applied]").WaitForAsync();
        // Newest first in the document (the box shows them oldest first).
        var lines = (await log.Locator("li").AllTextContentsAsync()).Reverse().ToList();
        Assert.Contains(lines, l => l.Contains("change set started, steps host,isolate", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("wrote /etc/modprobe.d/vfio.conf", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("wrote /etc/mkinitcpio.conf", StringComparison.Ordinal) || l.Contains("wrote /etc/initramfs-tools", StringComparison.Ordinal) || l.Contains("wrote /etc/dracut", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": skipped", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(RunningApp.AdminName, StringComparison.Ordinal));
        var started = lines.ToList().FindIndex(l => l.Contains("change set started", StringComparison.Ordinal));
        var applied = lines.ToList().FindIndex(l => l.Contains("change set applied", StringComparison.Ordinal));
        Assert.True(started >= 0 && started < applied, string.Join('\n', lines));
        await WaitForTextAsync(watchedStep3.Locator("[data-testid=step-status]"), "reboot needed");
        await watchedStep3.Locator("[data-testid=reboot-banner]").WaitForAsync();
        await WaitForAttributeAsync(watching.Locator("[data-testid=host-activity]"), "data-state", "idle");
        await ScreenshotAsync(watching, "live-second-browser.png");

        // A rollback from a terminal (another process): both pages follow.
        var history = await PassthroughWeb.Tests.Cli.CliRun.RunAsync("history", "--root", Path.Combine(app.DataDirectory, "demo", DemoHost), "--data", app.DataDirectory, "--json");
        Assert.Equal(0, history.ExitCode);
        using var document = System.Text.Json.JsonDocument.Parse(history.StandardOutput);
        var changeSetId = document.RootElement.GetProperty("changeSets")[0].GetProperty("id").GetString()!;
        var rollback = await PassthroughWeb.Tests.Cli.CliRun.RunAsync("rollback", changeSetId, "--data", app.DataDirectory);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        foreach (var page in new[] { watching, applying })
        {
            await page.Locator("[data-testid=host-activity-log] li[data-type=change-set-rolled-back]").WaitForAsync();
            await WaitForTextAsync(page.Locator("[data-testid=step-3] [data-testid=step-status]"), "not applied");
        }
        await DocsScreenshots.WriteAsync(watching, "screenshot-live.png", element: watching.Locator("[data-testid=host-activity]"));
    }

    private async Task<IPage> OpenAsync(BrowserSession session)
    {
        var page = await session.NewPageAsync(app, Page);
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync();
        return page;
    }

    private static async Task WaitForTextAsync(ILocator locator, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = (await locator.TextContentAsync())?.Trim();
            if (seen == text) return;
            await Task.Delay(200);
        }
        Assert.Fail($"Expected '{text}', the page still shows '{seen}'.");
    }

    private static async Task WaitForAttributeAsync(ILocator locator, string name, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = await locator.GetAttributeAsync(name);
            if (seen == value) return;
            await Task.Delay(200);
        }
        Assert.Fail($"Expected {name}='{value}', the page still has '{seen}'.");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(DemoHostBrowserTests.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DemoHostBrowserTests.ScreenshotDirectory, name), FullPage = true });
    }
}
