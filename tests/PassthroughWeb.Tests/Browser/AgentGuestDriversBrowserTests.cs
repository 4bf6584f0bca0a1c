using Microsoft.Playwright;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Step 5 on an agent's host page in Chromium, as on a local host's: the agent checks the VM on its own libvirt (the
/// tests' private libvirtd, its <c>--connect</c>), the page says it is shut off, and "Mark step 5 done" records it in
/// the agent's history; the page's stepper and the hosts page then show step 5 done.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class AgentGuestDriversBrowserTests(LibvirtDaemon daemon, AgentFleet fleet) : IClassFixture<AgentFleet>
{
    private const string Host = "gpu-node-048";

    [Fact]
    public async Task StepFive_OnAnAgentsHostPage_ChecksTheVmThroughTheAgent_AndMarkedDoneShowsOnTheHostsPage()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "agent-guest-page");
        await using var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host), "--connect", LibvirtDaemon.Uri);
        await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);

        await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
        var page = await browser.NewPageAsync(fleet.Hub, $"hosts/{Host}?gpu={SampleWorkstation.GuestGpu}&vm={domain.Name}");
        await ChecklistSteps.OpenAsync(page, 5);
        var step5 = page.Locator("[data-testid=step-5]");
        await page.Locator("[data-testid=step-5][data-ready=true]").WaitForAsync();
        // The agent's libvirt has the VM, shut off: the checks say so, with the AMD driver for the guide's card.
        var running = step5.Locator($"[data-testid=guest-check][data-subject='{GuestDriverCheck.RunningSubject}']");
        // Read with Playwright's waiting assertions: an agent's report arriving now makes the card check once more.
        await Assertions.Expect(running).ToHaveAttributeAsync("data-outcome", nameof(GuestCheckOutcome.Failed));
        await Assertions.Expect(running).ToContainTextAsync("shut off");
        await Assertions.Expect(step5.Locator("[data-testid=driver-advice]")).ToHaveAttributeAsync("data-vendor", nameof(GpuVendor.Amd));
        await Assertions.Expect(step5.Locator("[data-testid=step-status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*start the VM\s*$"));

        await step5.Locator("[data-testid=guest-mark-done]").ClickAsync();
        try
        {
            await step5.Locator("[data-testid=guest-marked-done]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Step 5 not shown marked done:\n{agent}\n--- hub\n{fleet.Hub.Output}", e);
        }
        // The agent's new report makes the card check once more ("checking…" for a moment): the status settles on done.
        await Assertions.Expect(step5.Locator("[data-testid=step-status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*done · marked"));
        await Assertions.Expect(page.Locator("[data-testid=stepper-step][data-step='5']")).ToHaveAttributeAsync("data-state", nameof(ChecklistState.Done));
        var history = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(Host));
        Assert.Contains($"{RunningApp.AdminName} via hub", history.StandardOutput, StringComparison.Ordinal);
        await DocsScreenshots.WriteAsync(page, "screenshot-guest-agent.png", DocsScreenshots.LaptopWidth, element: step5);
        await DocsScreenshots.WriteAsync(page, "screenshot-guest-agent-phone.png", DocsScreenshots.PhoneWidth, element: step5);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);

        // The hosts page: the agent reported its steps again after the marking (the page is read again until it shows that report).
        var hosts = await browser.NewPageAsync(fleet.Hub, "");
        var stepFive = hosts.Locator($"[data-testid=host-card][data-host={Host}] [data-testid=host-steps] li[data-step='5']");
        var deadline = DateTime.UtcNow + AgentFleet.Patience;
        while (await stepFive.GetAttributeAsync("data-state") != nameof(ChecklistState.Done))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The hosts page does not show step 5 done:\n{agent}\n--- hub\n{fleet.Hub.Output}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
            await hosts.ReloadAsync();
        }
    }
}
