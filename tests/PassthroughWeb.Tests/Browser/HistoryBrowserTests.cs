using System.Text.Json;
using Microsoft.Playwright;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The history and the profiles in headless Chromium on the demo app. The demo host gets history the way an operator
/// makes it (apply, rollback, apply again with the CLI on the app's data directory); two other hosts of a small fleet
/// are written into the database beside it. A person filters the history, downloads the filtered set as CSV and JSON,
/// opens a change set, and compares two scans of the demo host.
/// </summary>
public sealed class HistoryBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DemoHost = "sample-workstation";

    private string DemoRoot => Path.Combine(app.DataDirectory, "demo", DemoHost);

    [Fact]
    public async Task History_FilteredByOutcomeThenExported_TheDownloadsHoldExactlyTheFilteredEntries()
    {
        var (rolledBack, applied) = await SeedAsync();
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, "history");
        await page.Locator("[data-testid=change-set]").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=change-set], [data-testid=history-event]").CountAsync() >= 6);

        // The outcome menu, as a person uses it: the URL then carries the filter.
        await page.Locator(".mud-select:has([data-testid=filter-outcome]), .mud-select[data-testid=filter-outcome]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "rolled back" }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("outcome=rolled-back", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=change-set], [data-testid=history-event]")).ToHaveCountAsync(2);
        Assert.Equal(["rolled-back", "rolled-back"], await page.Locator("[data-testid=change-set], [data-testid=history-event]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.outcome)"));

        var csv = await DownloadAsync(page, "export-csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,host,what,steps,user,outcome,summary,id,changeSetId", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.All(lines[1..], l => Assert.Contains(",rolled-back,", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith($",{rolledBack},{rolledBack}", StringComparison.Ordinal));
        // The other host's set was made by a user named like a formula: the cell is text in a spreadsheet.
        Assert.Contains(lines, l => l.Contains(",render-03,change-set,isolate,'=HYPERLINK(1),rolled-back,", StringComparison.Ordinal));

        var json = JsonDocument.Parse(await DownloadAsync(page, "export-json")).RootElement;
        Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([DemoHost, "render-03"], entries.Select(e => e.GetProperty("host").GetString()));
        Assert.All(entries, e => Assert.Equal("rolled-back", e.GetProperty("outcome").GetString()));

        // A link to the filtered view of one host and step shows the same as the menus would.
        var host = await browser.NewPageAsync(app, $"history?host={DemoHost}&step=isolate");
        await host.Locator("[data-testid=change-set]").First.WaitForAsync();
        Assert.Equal([applied, "rollback", rolledBack], await host.Locator("[data-testid=change-set], [data-testid=history-event]")
            .EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid === 'change-set' ? e.dataset.id : e.dataset.kind)"));

        // Opened, the rolled-back set shows its diff, its commands and the rollback recorded for it.
        var set = host.Locator($"[data-testid=change-set][data-id='{rolledBack}']");
        await set.Locator("[data-testid=change-set-toggle]").ClickAsync();
        await set.Locator("[data-testid=change-set-details]").WaitForAsync();
        Assert.Contains("/etc/modprobe.d/vfio.conf", await set.Locator("[data-testid=change-set-details]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(["rollback"], await set.Locator("[data-testid=change-set-event]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)"));

        // The whole trail of the three hosts, as the README shows it.
        var all = await browser.NewPageAsync(app, "history");
        await all.Locator($"[data-testid=change-set][data-id='{applied}']").WaitForAsync();
        await DocsScreenshots.WriteAsync(all, "screenshot-history.png", height: 1100);
        await PhoneHasNoSidewaysScrollAsync(all, "history-phone.png");
    }

    [Fact]
    public async Task Profiles_TwoScans_ShowTheDiffByAreaAndAnyTwoCanBePicked()
    {
        var (first, second) = await SecondScanAsync();
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{DemoHost}/profiles");
        await page.Locator("[data-testid=comparison-area]").First.WaitForAsync();

        Assert.Equal(["Boot", "Drivers"], await page.Locator("[data-testid=comparison-area]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.area)"));
        var tokens = await page.Locator("[data-testid=cmdline-diff] span").AllTextContentsAsync();
        Assert.Equal(["+ video=efifb:off", "+ initcall_blacklist=sysfb_init"], tokens.Select(t => t.Trim()));
        Assert.Equal(2, await page.Locator("[data-testid=comparison-change][data-kind=DriverChanged]").CountAsync());
        await DocsScreenshots.WriteAsync(page, "screenshot-profiles-diff.png");
        await PhoneHasNoSidewaysScrollAsync(page, "profiles-phone.png");

        // Swapped, the same changes read the other way round.
        await page.SetViewportSizeAsync(DocsScreenshots.LaptopWidth, 900);
        await PageClicks.ClickUntilUrlAsync(page, page.Locator("[data-testid=compare-swap]"), url => url.Contains($"from={second}&to={first}", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=cmdline-diff] span").First).ToHaveTextAsync("− video=efifb:off");
    }

    private static async Task<string> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid={button}]").ClickAsync());
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
    }

    private static async Task PhoneHasNoSidewaysScrollAsync(IPage page, string name)
    {
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        Directory.CreateDirectory(DemoHostBrowserTests.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DemoHostBrowserTests.ScreenshotDirectory, name), FullPage = true });
    }

    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private (string RolledBack, string Applied)? _seed;

    /// <summary>Steps 2 and 3 applied, rolled back and applied again on the demo host; a small fleet's entries beside it.</summary>
    private async Task<(string RolledBack, string Applied)> SeedAsync()
    {
        await Seeded.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_seed is { } done) return done;
            var rolledBack = await ApplyAsync();
            var rollback = await Cli.CliRun.RunAsync("rollback", rolledBack, "--data", app.DataDirectory);
            Assert.True(rollback.ExitCode == 0, rollback.ToString());
            var applied = await ApplyAsync();
            await using (var db = await PassthroughDatabase.OpenAsync(app.DataDirectory, CancellationToken.None))
            {
                var at = new DateTimeOffset(2026, 11, 30, 14, 5, 0, TimeSpan.Zero);
                var sequence = db.ChangeSets.Max(s => s.Sequence);
                db.ChangeSets.Add(Set(sequence + 1, "render-03", "isolate", "=HYPERLINK(1)", at, ChangeSetState.RolledBack, null));
                db.ChangeSets.Add(Set(sequence + 2, "gpu-node-017", "host,isolate", "alice", at.AddHours(2), ChangeSetState.Failed, "update-initramfs -u -k all exited with 1: W: Possible missing firmware /lib/firmware/amdgpu/navi23_sos.bin."));
                db.HistoryEvents.Add(new HistoryEventRecord { HostName = "gpu-node-017", Kind = "rehearsal", At = at.AddHours(1), User = "alice", Passed = true, Summary = "Rehearsal of steps host,isolate for 0000:0b:00.0: the guest booted with 0000:0b:00.0 and 0000:0b:00.1 on vfio-pci." });
                await db.SaveChangesAsync();
            }
            _seed = (rolledBack, applied);
            return _seed.Value;
        }
        finally
        {
            Seeded.Release();
        }
    }

    private async Task<string> ApplyAsync()
    {
        var run = await Cli.CliRun.RunAsync("apply", "--gpu", "0000:07:00.0", "--steps", "host,isolate", "--root", DemoRoot, "--yes", "--data", app.DataDirectory);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.StandardOutput.Trim();
    }

    private static ChangeSetRecord Set(long sequence, string host, string steps, string user, DateTimeOffset at, ChangeSetState state, string? error) => new()
    {
        Id = Guid.NewGuid(), Sequence = sequence, HostName = host, Steps = steps, User = user, CreatedAt = at, CompletedAt = at.AddSeconds(6), State = state.ToString(), RootPath = "/nonexistent-" + host,
        PlanJson = ChangeSetJson.Serialize(new ChangePlan
        {
            Steps = steps.Split(','), Summary = $"Steps {steps}: put 0000:0b:00.0 and 0000:0b:00.1 on vfio-pci (10de:2684, 10de:22ba).",
            Files = [new FileChange { Path = "/etc/modprobe.d/vfio.conf", Before = null, After = "options vfio-pci ids=10de:2684,10de:22ba\nsoftdep nvidia pre: vfio-pci\n", Reason = "Step 3: vfio-pci claims the card first." }],
            Commands = [],
            NeedsReboot = true,
        }),
        FilesJson = "[]", CommandsJson = "[]",
        ErrorJson = error is null ? null : ChangeSetJson.Serialize(new ChangeError { Message = error }),
    };

    /// <summary>A second profile of the demo host: booted with the boot display's extras and the guest card on vfio-pci.</summary>
    private async Task<(int First, int Second)> SecondScanAsync()
    {
        await using var db = await PassthroughDatabase.OpenAsync(app.DataDirectory, CancellationToken.None);
        var store = new ProfileStore(db);
        var latest = await store.GetLatestAsync(DemoHost, CancellationToken.None) ?? throw new InvalidOperationException("The demo host has no profile.");
        var report = latest.Report with
        {
            ScannedAt = latest.Report.ScannedAt.AddMinutes(2),
            KernelCommandLine = latest.Report.KernelCommandLine + " video=efifb:off initcall_blacklist=sysfb_init",
            Devices = [.. latest.Report.Devices.Select(d => d.Address.Bus == 7 ? d with { Driver = "vfio-pci" } : d)],
        };
        var second = await store.SaveAsync(report, isDemo: true, CancellationToken.None);
        return (latest.Id, second);
    }
}
