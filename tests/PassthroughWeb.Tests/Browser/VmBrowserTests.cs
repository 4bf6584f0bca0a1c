using System.Xml.Linq;
using Microsoft.Playwright;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Steps 4 and 5 in headless Chromium, on the demo host, against the demo's own libvirtd (a real daemon the app starts
/// for the demo): a domain defined there beforehand without hostdevs gets the demo card's functions from step 4
/// (checked with virsh), step 5 shows the advice for the card and records "done", and step 4's Roll back gives the
/// domain its first definition back. The system libvirtd the app was also told about (--connect) never sees the domain.
/// The walk is made at a laptop's width and at a phone's, where no stage of it may scroll sideways.
/// </summary>
public sealed class VmBrowserTests(VmBrowserFixture fixture) : IClassFixture<VmBrowserFixture>
{
    private const string DemoHost = "sample-workstation";
    private static readonly string GuestGpu = SampleWorkstation.GuestGpu.ToString();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LibvirtDaemon Daemon => fixture.Daemon;
    private readonly ProcessCommandRunner _runner = new();
    private string DemoConnection => DemoLibvirt.ConnectionFor(DemoLibvirt.DirectoryFor(fixture.App.DataDirectory));

    [Theory]
    [InlineData(DocsScreenshots.LaptopWidth)]
    [InlineData(DocsScreenshots.PhoneWidth)]
    public async Task StepsFourAndFive_DemoCardOnARealDomain_ApplyAddsTheHostdevsGuestAdviceMarkDoneRollback(int width)
    {
        Daemon.Require();
        var name = LibvirtDaemon.NewDomainName("ui");
        await DemoLibvirtReadyAsync();
        var before = await DefineAsync(name);
        Assert.Empty(PciHostdevSources(before));

        await using var browser = (await BrowserSession.OpenAsync(fixture.App)).AtWidth(width);
        var page = await browser.NewPageAsync(fixture.App, $"hosts/{DemoHost}?gpu={GuestGpu}&vm={Uri.EscapeDataString(name)}");
        // The cards open and close; the test reads across all of them.
        await ChecklistSteps.OpenAllAsync(page);
        var step4 = page.Locator("[data-testid=step-4]");
        var step5 = page.Locator("[data-testid=step-5]");
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync();
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);

        // The connection, the defined domain with its state, and the plan: the card's two functions, fixed by the plan.
        Assert.Contains(DemoConnection, await step4.Locator("[data-testid=vm-connection]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("ShutOff", await step4.Locator($"[data-testid=vm-option][data-vm='{name}']").GetAttributeAsync("data-state"));
        Assert.Equal("true", await step4.Locator("[data-testid=vm-finding][data-id=hostdev-missing]").GetAttributeAsync("data-fixed"));
        // The demo has not applied step 3: the card is not on vfio-pci, which the check says plainly.
        Assert.Equal(1, await step4.Locator("[data-testid=vm-finding][data-id=function-not-isolated]").CountAsync());
        var change = step4.Locator($"[data-testid=domain-change][data-domain='{name}']");
        var added = string.Join("\n", await change.Locator(".diff-add").AllTextContentsAsync());
        Assert.Contains("<hostdev mode='subsystem' type='pci' managed='yes'>", added, StringComparison.Ordinal);
        Assert.Contains("bus='0x07'", added, StringComparison.Ordinal);
        Assert.Equal("not applied", (await step4.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.False(await step4.Locator("[data-testid=apply-step-4]").IsDisabledAsync());

        // Apply, confirmed in the dialog; libvirt holds the new definition.
        await step4.Locator("[data-testid=apply-step-4]").ClickAsync();
        Assert.Contains("no reboot", await page.Locator("[data-testid=apply-dialog-description]").TextContentAsync(), StringComparison.Ordinal);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        await ChecklistSteps.ConfirmApplyAsync(page);
        var result = step4.Locator("[data-testid=vm-apply-result]");
        try
        {
            await result.WaitForAsync();
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(page, "vm-apply-timeout.png", width, step4);
            throw new TimeoutException($"No result of the apply:\n{fixture.App.Output}", e);
        }
        Assert.True(await result.GetAttributeAsync("data-outcome") == "Applied", await result.TextContentAsync());
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync();
        var after = await DemoMustAsync("dumpxml", "--inactive", "--domain", name);
        Assert.False((await Daemon.VirshAsync("dominfo", name)).Succeeded, "the system libvirtd must not know the demo's domain");
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], PciHostdevSources(after));
        Assert.Equal("done · applied", (await step4.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.Equal(1, await step4.Locator("[data-testid=plan-empty]").CountAsync());
        Assert.True(await step4.Locator("[data-testid=apply-step-4]").IsDisabledAsync());
        Assert.Contains(name, await step4.Locator("[data-testid=vm-latest-set]").TextContentAsync(), StringComparison.Ordinal);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);
        await ScreenshotAsync(page, "vm.png", width, step4);
        await DocsScreenshots.WriteAsync(page, DocsScreenshots.NameAt("screenshot-vm.png", width), width, element: step4);

        // Step 5: the AMD driver for the demo card, the app's checks on the shut-off VM, the problems to watch.
        await page.Locator("[data-testid=step-5][data-ready=true]").WaitForAsync();
        var advice = step5.Locator("[data-testid=driver-advice]");
        Assert.Equal(nameof(GpuVendor.Amd), await advice.GetAttributeAsync("data-vendor"));
        Assert.Equal(GuestDriverAdvisor.AmdDriverPage, await advice.Locator("[data-testid=driver-download]").GetAttributeAsync("href"));
        Assert.True(await step5.Locator("[data-testid=driver-expected] li").CountAsync() > 0);
        Assert.Equal(nameof(GuestCheckOutcome.Failed), await step5.Locator($"[data-testid=guest-check][data-subject='{GuestDriverCheck.RunningSubject}']").GetAttributeAsync("data-outcome"));
        Assert.Equal("start the VM", (await step5.Locator("[data-testid=step-status]").TextContentAsync())?.Trim());
        Assert.True(await step5.Locator("[data-testid=watch-problem]").CountAsync() > 0);
        Assert.Contains("fix in step", await step5.Locator("[data-testid=watch-problem]").First.TextContentAsync(), StringComparison.Ordinal);

        // Mark step 5 done: recorded, and shown with its time.
        await step5.Locator("[data-testid=guest-mark-done]").ClickAsync();
        await step5.Locator("[data-testid=guest-marked-done]").WaitForAsync();
        Assert.StartsWith("done · marked", (await step5.Locator("[data-testid=step-status]").TextContentAsync())?.Trim(), StringComparison.Ordinal);
        // The pictures first: taking them makes the window as tall as the page, and the check puts the phone's height
        // back and waits for the layout to settle, before the next click.
        await ScreenshotAsync(page, "guest.png", width, step5);
        await DocsScreenshots.WriteAsync(page, DocsScreenshots.NameAt("screenshot-guest.png", width), width, element: step5);
        await PageLayout.AssertNoSidewaysScrollAsync(page, width);

        // Roll back step 4: libvirt has the first definition again, byte for byte.
        await step4.Locator("[data-testid=rollback-step-4]").ClickAsync();
        await ChecklistSteps.ConfirmAsync(page.Locator(".mud-dialog button", new() { HasTextString = "Roll back" }));
        try
        {
            await step4.Locator("[data-testid=vm-finding][data-id=hostdev-missing]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(page, "vm-rollback-timeout.png", width, step4);
            throw new TimeoutException($"Step 4 does not show the rolled-back domain:\n{fixture.App.Output}", e);
        }
        Assert.Equal(before, await DemoMustAsync("dumpxml", "--inactive", "--domain", name));
        Assert.Equal(0, await step4.Locator("[data-testid=rollback-step-4]").CountAsync());

        // The history page lists the change set (rolled back) and the step-5 event.
        var history = await browser.NewPageAsync(fixture.App, $"hosts/{DemoHost}/history");
        Assert.Equal("RolledBack", await history.Locator("[data-testid=change-set]").First.GetAttributeAsync("data-state"));
        Assert.Contains($"work in {name}.", await history.Locator("body").TextContentAsync(), StringComparison.Ordinal);

        // Opened, the VM's change set shows the diff of its XML and each virsh call, and no reboot to verify after.
        await history.Locator("[data-testid=change-set]").First.Locator("[data-testid=change-set-toggle]").ClickAsync();
        var domain = history.Locator($"[data-testid=domain-change][data-domain='{name}']");
        await domain.WaitForAsync();
        Assert.Contains("<hostdev", string.Concat(await domain.Locator(".diff-add").AllTextContentsAsync()), StringComparison.Ordinal);
        Assert.Contains("define", await history.Locator("[data-testid=command-run]").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await history.Locator("[data-testid=verification-pending]").CountAsync());
        await PageLayout.AssertNoSidewaysScrollAsync(history, width);
        await ScreenshotAsync(history, "vm-history.png", width, history.Locator("[data-testid=change-set]").First);
    }

    /// <summary>A q35 UEFI domain of the kind step 4 edits, without hostdevs; returns its inactive XML as libvirt gives it back.</summary>
    private async Task<string> DefineAsync(string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{name}.xml");
        await File.WriteAllTextAsync(file,
            $"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>256</memory>
              <vcpu>1</vcpu>
              <os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os>
              <features><acpi/></features>
              <devices><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>
            </domain>
            """, Ct);
        try
        {
            await DemoMustAsync("define", "--file", file, "--validate");
        }
        finally
        {
            File.Delete(file);
        }
        return await DemoMustAsync("dumpxml", "--inactive", "--domain", name);
    }

    /// <summary>The app starts the demo's libvirtd after its first scan: waits until it answers, or fails saying why.</summary>
    private async Task DemoLibvirtReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        CommandResult answer;
        while (!(answer = await DemoVirshAsync("version")).Succeeded && DateTime.UtcNow < deadline)
            await Task.Delay(250, Ct);
        Assert.True(answer.Succeeded, $"The demo's libvirtd at {DemoConnection} did not answer within 60 s: {answer.StandardError}\n{fixture.App.Output}");
    }

    private Task<CommandResult> DemoVirshAsync(params string[] arguments) =>
        _runner.RunAsync(new CommandRequest("virsh", ["-c", DemoConnection, .. arguments]) { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

    private async Task<string> DemoMustAsync(params string[] arguments)
    {
        var result = await DemoVirshAsync(arguments);
        Assert.True(result.Succeeded, $"virsh -c {DemoConnection} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>The host addresses of the domain's PCI hostdevs, as 0000:07:00.0.</summary>
    private static List<string> PciHostdevSources(string xml) =>
        [.. XDocument.Parse(xml).Descendants("hostdev").Where(h => (string?)h.Attribute("type") == "pci")
            .Select(h => h.Element("source")!.Element("address")!)
            .Select(a => $"{Hex(a, "domain", 4)}:{Hex(a, "bus", 2)}:{Hex(a, "slot", 2)}.{Convert.ToInt32((string)a.Attribute("function")!, 16)}")
            .Order(StringComparer.Ordinal)];

    private static string Hex(XElement address, string attribute, int width) =>
        Convert.ToInt32((string)address.Attribute(attribute)!, 16).ToString($"x{width}", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ScreenshotAsync(IPage page, string name, int width, ILocator element)
    {
        Directory.CreateDirectory(DemoHostBrowserTests.ScreenshotDirectory);
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(width, Math.Max(900, height));
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DemoHostBrowserTests.ScreenshotDirectory, DocsScreenshots.NameAt(name, width)) });
    }
}
