using Microsoft.Playwright;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// An agent's host page in Chromium works as a local host's: steps 2 and 3 are planned by the agent, applied from the
/// page (the files change under the agent's root, the agent's events show live), and rolled back from the page; the
/// page's Rehearse button asks the agent to rehearse on its own machine.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentHostPageBrowserTests(AgentFleet fleet)
{
    private const string Host = "gpu-node-044";

    [Fact]
    public async Task StepsTwoAndThree_OnAnAgentsHost_AppliedFromItsPage_ChangeTheAgentsRoot_AndRollBack()
    {
        var root = fleet.HostRoot(Host);
        var vfioConf = Path.Combine(root, "etc", "modprobe.d", "vfio.conf");
        Assert.False(File.Exists(vfioConf));
        await using var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host));
        await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);

        await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
        var page = await browser.NewPageAsync(fleet.Hub, $"hosts/{Host}?gpu={SampleWorkstation.GuestGpu}");
        await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=agent-host-notice]")).ToContainTextAsync("connected now");
        await ChecklistSteps.OpenAsync(page, 3);
        var step3 = page.Locator("[data-testid=step-3]");
        // The agent's plan, drawn as a local one: the file it writes, with its diff.
        var planned = step3.Locator("[data-testid=plan] [data-testid=file-change][data-path='/etc/modprobe.d/vfio.conf']");
        await planned.WaitForAsync();
        Assert.Contains("vfio-pci", await planned.TextContentAsync(), StringComparison.Ordinal);

        // Rehearse the reboot: the agent rehearses on its own machine; its fixture root has no kernel to boot, which its answer says.
        await step3.Locator("[data-testid=rehearse-steps-2-3]").ClickAsync();
        var rehearsal = step3.Locator("[data-testid=rehearsal-result]");
        await rehearsal.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("Unavailable", await rehearsal.GetAttributeAsync("data-outcome"));
        var history = await CliRun.RunAsync("history", "--all", "--data", fleet.AgentData(Host));
        Assert.Contains("rehearsal", history.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("via hub", history.StandardOutput, StringComparison.Ordinal);

        await step3.Locator("[data-testid=apply-steps-2-3]").ClickAsync();
        await ChecklistSteps.ConfirmApplyAsync(page);
        var result = step3.Locator("[data-testid=apply-result]");
        try
        {
            await result.WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No apply result on the page:\n{agent}\n--- hub\n{fleet.Hub.Output}", e);
        }
        Assert.Equal("Applied", await result.GetAttributeAsync("data-outcome"));
        Assert.Contains("vfio-pci", await File.ReadAllTextAsync(vfioConf, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        // The agent's own events of the change set, live on the page's activity (they came through the hub's feed).
        await Assertions.Expect(page.Locator("[data-testid=host-activity-log] li[data-type=file-written]").First).ToBeAttachedAsync();
        // The history is the agent's: the card shows its applied change set, waiting for the reboot.
        await Assertions.Expect(step3.Locator("[data-testid=step-status]")).ToHaveTextAsync("reboot needed", new() { Timeout = 30_000 });
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await DocsScreenshots.WriteAsync(page, "screenshot-host-agent-phone.png", DocsScreenshots.PhoneWidth, height: 1400);
        await DocsScreenshots.WriteAsync(page, "screenshot-host-agent.png", DocsScreenshots.LaptopWidth, element: step3);

        await step3.Locator("[data-testid=rollback-steps-2-3]").ClickAsync();
        await ChecklistSteps.ConfirmAsync(page.Locator(".mud-dialog button", new() { HasTextString = "Roll back" }));
        await Assertions.Expect(step3.Locator("[data-testid=step-status]")).ToHaveTextAsync("not applied", new() { Timeout = 60_000 });
        Assert.False(File.Exists(vfioConf));
    }
}
