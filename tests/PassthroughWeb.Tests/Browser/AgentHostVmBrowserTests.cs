using Microsoft.Playwright;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// Step 4 on an agent's host page in Chromium works as on a local host's: the card lists the VMs of the agent's own
/// libvirt (its <c>--connect</c>, here the tests' libvirtd), shows the agent's plan, applies it by its id (the VM gets
/// the card) and rolls it back; a Viewer sees the same plan and no button that changes anything.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class AgentHostVmBrowserTests(LibvirtDaemon daemon, AgentFleet fleet) : IClassFixture<AgentFleet>
{
    private const string Host = "gpu-node-064";

    [Fact]
    public async Task StepFour_OnAnAgentsHostPage_PlannedAndAppliedThroughTheAgent_AViewerOnlyReadsIt()
    {
        daemon.Require();
        Assert.Null(fleet.Hub.Unavailable);
        await fleet.Hub.AddUserAsync("vincent", "viewer");
        await using var domain = await TestDomain.DefineAsync(daemon, "agent-page");
        var original = await domain.InactiveXmlAsync();
        await using var agent = fleet.StartAgent(Host, await fleet.AgentTokenAsync(Host), "--connect", LibvirtDaemon.Uri);
        await fleet.WaitForHostAsync(Host, AgentFleet.Online, "online", agent);
        var address = $"hosts/{Host}?gpu={SampleWorkstation.GuestGpu}&vm={Uri.EscapeDataString(domain.Name)}";

        await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
        var page = await browser.NewPageAsync(fleet.Hub, address);
        await ChecklistSteps.OpenAsync(page, 4);
        var step4 = page.Locator("[data-testid=step-4]");
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        // Read with Playwright's waiting assertions: an agent's report arriving now makes the card check once more.
        var connection = step4.Locator("[data-testid=vm-connection]");
        await Assertions.Expect(connection).ToContainTextAsync(LibvirtDaemon.Uri);
        await Assertions.Expect(connection).ToContainTextAsync("through its agent");
        await Assertions.Expect(step4.Locator($"[data-testid=vm-option][data-vm='{domain.Name}']")).ToHaveAttributeAsync("data-state", "ShutOff");
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        var added = string.Join("\n", await step4.Locator($"[data-testid=domain-change][data-domain='{domain.Name}'] .diff-add").AllTextContentsAsync());
        Assert.Contains("bus='0x07'", added, StringComparison.Ordinal);

        await step4.Locator("[data-testid=apply-step-4]").ClickAsync();
        await ChecklistSteps.ConfirmApplyAsync(page);
        var result = step4.Locator("[data-testid=vm-apply-result]");
        try
        {
            await result.WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No result of the apply on the page:\n{agent}\n--- hub\n{fleet.Hub.Output}", e);
        }
        Assert.True(await result.GetAttributeAsync("data-outcome") == "Applied", await result.TextContentAsync());
        Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);
        // The change set is the agent's, read from its history: the card offers its rollback.
        await Assertions.Expect(step4.Locator("[data-testid=vm-latest-set]")).ToContainTextAsync(domain.Name, new() { Timeout = 30_000 });
        await page.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        await DocsScreenshots.WriteAsync(page, "screenshot-host-agent-vm.png", DocsScreenshots.LaptopWidth, element: step4);
        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await step4.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "agent-host-vm-phone.png") });
        await page.SetViewportSizeAsync(DocsScreenshots.LaptopWidth, 900);

        // A Viewer reads the same plan through the agent, with nothing to press that changes the VM.
        await using var viewer = (await BrowserSession.OpenAsync(fleet.Hub)).SignInAs("vincent");
        var viewerPage = await viewer.NewPageAsync(fleet.Hub, address);
        await ChecklistSteps.OpenAsync(viewerPage, 4);
        await viewerPage.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        var viewerStep4 = viewerPage.Locator("[data-testid=step-4]");
        // The agent's report after the apply may reach this page while it loads and make the card check once more.
        await Assertions.Expect(viewerStep4.Locator("[data-testid=step-status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*done · applied\s*$"), new() { Timeout = 30_000 });
        await viewerPage.Locator("[data-testid=step-4][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(0, await viewerStep4.Locator("[data-testid=apply-step-4], [data-testid=rollback-step-4], [data-testid=vm-create-open]").CountAsync());

        await step4.Locator("[data-testid=rollback-step-4]").ClickAsync();
        await ChecklistSteps.ConfirmAsync(page.Locator(".mud-dialog button", new() { HasTextString = "Roll back" }));
        await Assertions.Expect(step4.Locator("[data-testid=step-status]")).ToHaveTextAsync("not applied", new() { Timeout = 60_000 });
        Assert.Equal(original, await domain.InactiveXmlAsync());
    }
}
