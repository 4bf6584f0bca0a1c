using Microsoft.Playwright;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Services.Drift;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The guide's workstation after step 3 was applied for the RX 6600 and the card then moved to the next slot: the app
/// started on it (<c>serve --root HOST</c>) scans it, and the host page and the hosts page say the same thing.
/// </summary>
public sealed class DriftBrowserTests(DriftBrowserTests.Fixture fixture) : IClassFixture<DriftBrowserTests.Fixture>
{
    /// <summary>
    /// Step 3 applied with <c>apply</c> into the app's data directory, the card moved, then the app started. The host is
    /// named <c>workstation</c>: the app's demo, beside it, is the same machine under its own name.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string HostName = "workstation";

        public GuideWorkstation Host { get; } = new(beforeStep2: false);
        public RunningApp? App { get; private set; }
        public string? Problem { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Host.Root.WriteText("proc/sys/kernel/hostname", HostName + "\n");
            Host.Root.WriteText("etc/hostname", HostName + "\n");
            App = new RunningApp(["--root", Host.Path]);
            var applied = await CliRun.RunAsync("apply", "--root", Host.Path, "--data", App.DataDirectory, "--steps", "isolate", "--gpu", "07:00.0", "--yes");
            if (applied.ExitCode != ExitCodes.Success)
            {
                Problem = applied.ToString();
                return;
            }
            CardMoves.MoveGuestCardToSlot8(Host.Path);
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
    public async Task CardMoved_HostPageShowsPlannedBesideNow_Step3IsReCheck_HostsPageSaysTheSame()
    {
        Assert.True(fixture.Problem is null, fixture.Problem);
        var app = fixture.App!;
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{Fixture.HostName}");

        var panel = page.Locator("[data-testid=drift-panel]");
        await Assertions.Expect(panel).ToContainTextAsync("The hardware changed since step 3 was applied: 2 differences");
        await Assertions.Expect(panel.Locator("[data-testid=drift-found]").First).ToContainTextAsync("0000:08:00.0");
        Assert.Equal("Recheck", await page.Locator("[data-testid=stepper-step][data-step='3']").GetAttributeAsync("data-state"));
        await DocsScreenshots.WriteAsync(page, "screenshot-drift.png", height: 1100);
        await page.SetViewportSizeAsync(DocsScreenshots.PhoneWidth, 900);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-drift-phone.png", DocsScreenshots.PhoneWidth, element: panel);

        var hosts = await browser.NewPageAsync(app, "");
        var card = hosts.Locator($"[data-testid=host-card][data-host='{Fixture.HostName}']");
        await Assertions.Expect(card.Locator("[data-testid=host-drift]")).ToHaveTextAsync("hardware changed");
        Assert.Equal("Recheck", await card.Locator(".host-step[data-step='3']").GetAttributeAsync("data-state"));
        await DocsScreenshots.WriteAsync(hosts, "screenshot-drift-hosts.png", element: card);
    }
}
