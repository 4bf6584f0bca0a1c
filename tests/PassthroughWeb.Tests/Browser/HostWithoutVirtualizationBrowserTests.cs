using Microsoft.Playwright;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The app started on a cloud VM whose hypervisor exposes no AMD-V (a Google Cloud EPYC instance without nested
/// virtualization, like many CI machines): step 1 says to turn nested virtualization on at the outer host, never to
/// enter a firmware setup the VM does not have, and the CPU card with its long "missing" chip fits a phone.
/// </summary>
public sealed class HostWithoutVirtualizationBrowserTests
{
    [Fact]
    public async Task HostPage_CloudVmWithoutSvm_SaysNestedVirtualizationIsOffAtTheOuterHost_AndFitsAPhone()
    {
        using var host = new HeadlessServer(CpuVendor.Amd, hardwareVirtualization: false);
        await using var app = new RunningApp(["--root", host.Path]);
        await app.InitializeAsync();
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = await browser.NewPageAsync(app, $"hosts/{HeadlessServer.HostName}");

        var cpu = page.Locator("[data-testid=cpu-card]");
        await Assertions.Expect(cpu).ToContainTextAsync("AMD-V (svm) missing");
        await Assertions.Expect(cpu).ToContainTextAsync("Turn on nested virtualization for this VM on the outer host (for KVM: the kvm_amd module's nested=1");
        await Assertions.Expect(cpu).Not.ToContainTextAsync("firmware setup");

        await PageLayout.AssertNoSidewaysScrollAsync(page, DocsScreenshots.PhoneWidth);
        await cpu.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "host-without-virtualization-phone.png") });
    }
}
