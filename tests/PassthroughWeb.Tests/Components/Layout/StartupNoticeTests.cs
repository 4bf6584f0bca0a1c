using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Layout;
using PassthroughWeb.Services;

namespace PassthroughWeb.Tests.Components.Layout;

/// <summary>Every page says that serve is still starting, and renders itself again once the start-up scans are stored.</summary>
public sealed class StartupNoticeTests : BunitContext
{
    private readonly StartupProgress _progress = new();

    public StartupNoticeTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(_progress);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void WhileScanning_SaysWhatRunsAndThatThePageFillsInByItself()
    {
        _progress.Report("Scanning this host");

        var notice = Render<StartupNotice>();

        var text = notice.Find("[data-testid=startup-notice]").TextContent;
        Assert.Contains("PassthroughWeb is starting: Scanning this host", text, StringComparison.Ordinal);
        Assert.Contains("fills in by itself", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheScansAreDone_ReloadsThePageOnce()
    {
        _progress.Report("Scanning this host");
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        var notice = Render<StartupNotice>();
        Assert.Empty(navigation.History);

        _progress.Ready();

        notice.WaitForAssertion(() => Assert.Empty(notice.FindAll("[data-testid=startup-notice]")));
        var reload = Assert.Single(navigation.History);
        Assert.True(reload.Options.ForceLoad);
        Assert.Equal(navigation.Uri, navigation.ToAbsoluteUri(reload.Uri).ToString());
    }

    [Fact]
    public void StartedLongAgo_ShowsNothing()
    {
        _progress.Ready();

        var notice = Render<StartupNotice>();

        Assert.Empty(notice.Markup.Trim());
    }

    [Fact]
    public void StartUpWorkFailed_SaysWhyInsteadOfStarting()
    {
        _progress.Fail("The start-up work failed: No space left on device. Fix the cause and restart the app.");

        var notice = Render<StartupNotice>();

        Assert.Contains("No space left on device", notice.Find("[data-testid=startup-failed]").TextContent, StringComparison.Ordinal);
        Assert.Empty(notice.FindAll("[data-testid=startup-notice]"));
    }
}
