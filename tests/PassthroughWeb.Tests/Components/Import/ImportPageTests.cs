using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Import;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Services;

namespace PassthroughWeb.Tests.Components.Import;

/// <summary>
/// The Import page on the real engine: an Operator's paste lands on the imported host's page; a Viewer who reaches the page
/// is refused by the operation itself (nothing stored), and bad input says why and stays on the page.
/// </summary>
public sealed class ImportPageTests : BunitContext
{
    private readonly TemporaryDataDirectory _data = new();

    public ImportPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddPassthroughEngine(new EngineOptions { DataDirectory = _data.Path }, new ProcessCommandRunner());
        using (PassthroughDatabase.OpenAsync(_data.Path, CancellationToken.None).GetAwaiter().GetResult())
        {
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _data.Dispose();
        base.Dispose(disposing);
    }

    private IRenderedComponent<ImportPage> RenderAs(Actor actor)
    {
        this.SignInAs(actor);
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render<ImportPage>();
    }

    private static void Submit(IRenderedComponent<ImportPage> page, string name, string listing)
    {
        page.Find("#import-name").Input(name);
        page.Find("#import-listing").Input(listing);
        page.Find("[data-testid=import-submit]").Click();
    }

    private async Task<HostSummary?> StoredAsync(string name)
    {
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, Xunit.TestContext.Current.CancellationToken);
        return await new ProfileStore(db).FindHostAsync(name, Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Import_OperatorPastesTheGuidesLoop_OpensTheImportedHost()
    {
        var page = RenderAs(TestActors.Operator);

        Submit(page, "gpu-node-017", SampleWorkstation.ListingText);

        page.WaitForAssertion(() => Assert.EndsWith("/hosts/gpu-node-017", Services.GetRequiredService<BunitNavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal(HostSource.Import, (await StoredAsync("gpu-node-017"))!.Source);
    }

    [Fact]
    public async Task Import_Viewer_IsRefusedByTheOperationAndNothingIsStored()
    {
        var page = RenderAs(TestActors.Viewer);

        Submit(page, "gpu-node-017", SampleWorkstation.ListingText);

        page.WaitForAssertion(() => Assert.Equal("victor is a Viewer and may not import hosts: that needs the Operator role.", page.Find("[data-testid=import-error]").TextContent.Trim()));
        Assert.Null(await StoredAsync("gpu-node-017"));
    }

    [Fact]
    public async Task Import_NotAListing_SaysWhyAndStaysOnThePage()
    {
        var page = RenderAs(TestActors.Operator);

        Submit(page, "gpu-node-017", "Linux gpu-node-017 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 x86_64 GNU/Linux");

        page.WaitForAssertion(() => Assert.Contains("The text is not a device listing", page.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("/hosts/", Services.GetRequiredService<BunitNavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Null(await StoredAsync("gpu-node-017"));
    }
}
