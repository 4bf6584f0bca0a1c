using Microsoft.Playwright;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// "Rehearse the reboot" on an agent's host page in headless Chromium: the accelerator chosen beside the button reaches
/// the agent, and the rehearsal's progress lines reach the page live while the agent runs it, as for a local host. The
/// agent runs in this process on a host root with Debian's real kernel (the image is really built), with KVM simulated
/// as absent behind its command runner, and its QEMU held until the test has seen the lines on the page.
/// </summary>
[Collection(AgentFleetCollection.Name)]
public sealed class AgentRehearsalBrowserTests(AgentFleet fleet)
{
    private const string Host = "gpu-node-072";
    private const string Card = HeldRehearsalAgent.Card;

    [Fact]
    public async Task Rehearse_OnAnAgentsHost_PassesTheAcceleratorChosen_AndShowsTheAgentsProgressLinesLive()
    {
        Assert.Null(fleet.Hub.Unavailable);
        await using var agent = await HeldRehearsalAgent.StartAsync(fleet, Host);
        var qemu = agent.Qemu;
        try
        {
            await using var browser = await BrowserSession.OpenAsync(fleet.Hub);
            var page = await browser.NewPageAsync(fleet.Hub, $"hosts/{Host}?gpu={Card}");
            await page.Locator("[data-testid=change-steps][data-ready=true]").WaitForAsync(new() { Timeout = 60_000 });
            await ChecklistSteps.OpenAsync(page, 3);
            var step3 = page.Locator("[data-testid=step-3]");
            await step3.Locator("[data-testid=plan] [data-testid=file-change][data-path='/etc/modprobe.d/vfio.conf']").WaitForAsync();

            // KVM only: where KVM does not work the rehearsal stops and says so; the agent's default (auto) would boot under TCG instead.
            // On a loaded machine a click on the list can land while the popover still opens: choose until the select shows it.
            var select = step3.Locator("[data-testid=accel-steps-2-3]");
            for (var attempt = 0; attempt < 5 && await select.GetAttributeAsync("data-choice") != "Kvm"; attempt++)
            {
                await select.ClickAsync();
                await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "KVM only" }).ClickAsync();
                await page.WaitForTimeoutAsync(500);
            }
            Assert.Equal("Kvm", await select.GetAttributeAsync("data-choice"));
            await step3.Locator("[data-testid=rehearse-steps-2-3]").ClickAsync();

            // The agent's lines while it works: its kernel, its image built; QEMU waits until the page has shown them.
            var lines = step3.Locator("[data-testid=rehearsal-lines]");
            await Assertions.Expect(lines).ToContainTextAsync("Image built", new() { Timeout = 60_000 });
            Assert.Contains($"Kernel {agent.Host.Kernel.Version}", await lines.TextContentAsync(), StringComparison.Ordinal);
            qemu.Release();

            var result = step3.Locator("[data-testid=rehearsal-result]");
            await result.WaitForAsync(new() { Timeout = 60_000 });
            Assert.Equal("KvmUnavailable", await result.GetAttributeAsync("data-outcome"));
            Assert.Contains("KVM only was chosen", await result.TextContentAsync(), StringComparison.Ordinal);
            // Only the probe under KVM ran: no fallback to TCG, as the choice says.
            Assert.Equal(["probe kvm"], qemu.Kvm.QemuRuns);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- agent\n{agent.Output}\n--- hub\n{fleet.Hub.Output}", e);
        }
    }
}
