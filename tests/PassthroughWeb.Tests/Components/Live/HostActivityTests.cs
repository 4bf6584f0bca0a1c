using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Live;
using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Tests.Components.Live;

/// <summary>The host page's live panel: it follows one host's feed, in order, tells the page when something finished, and lets go of the feed when the page closes.</summary>
public sealed class HostActivityTests : BunitContext
{
    private static readonly Guid ChangeSet = Guid.Parse("3f2a9c41-7d0e-4b8a-9a51-0c6de2f1b7a4");
    private readonly HostEventFeed _feed = new();

    public HostActivityTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(_feed);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Render_AnApplyOnThisHost_ShowsEachStepInOrderAndTellsThePageWhenItIsDone()
    {
        var settled = new List<HostEvent>();
        var panel = Render<HostActivity>(p => p.Add(a => a.HostName, "workstation").Add(a => a.Settled, e => settled.Add(e)));

        _feed.Publish(new HostBusy { Host = "workstation", User = "alice", What = "applying steps host,isolate", By = "alice", Since = DateTimeOffset.UtcNow });
        _feed.Publish(new ChangeSetStarted { Host = "workstation", User = "alice", ChangeSetId = ChangeSet, Steps = ["host", "isolate"], Summary = "Isolate the RX 6600." });
        _feed.Publish(new FileWritten { Host = "workstation", User = "alice", ChangeSetId = ChangeSet, Path = "/etc/default/grub", Bytes = 1421 });
        _feed.Publish(new CommandOutput { Host = "workstation", User = "alice", ChangeSetId = ChangeSet, Command = "update-grub", Stream = Core.Host.CommandOutputStream.StandardError, Line = "Generating grub configuration file ..." });
        _feed.Publish(new FileWritten { Host = "another-host", User = "bob", Path = "/etc/modprobe.d/vfio.conf", Bytes = 120 });

        panel.WaitForAssertion(() => Assert.Equal("busy", panel.Find("[data-testid=host-activity]").GetAttribute("data-state")));
        panel.WaitForAssertion(() => Assert.Equal(4, panel.FindAll("[data-testid=host-activity-log] li").Count));
        Assert.Contains("alice is applying steps host,isolate", panel.Find("[data-testid=host-activity-status]").TextContent, StringComparison.Ordinal);
        Assert.Empty(settled);

        _feed.Publish(new ChangeSetApplied { Host = "workstation", User = "alice", ChangeSetId = ChangeSet });
        _feed.Publish(new HostIdle { Host = "workstation", User = "alice" });

        panel.WaitForAssertion(() => Assert.Equal("idle", panel.Find("[data-testid=host-activity]").GetAttribute("data-state")));
        // Newest first in the document; the box shows them the other way round.
        var types = panel.FindAll("[data-testid=host-activity-log] li").Select(li => li.GetAttribute("data-type")).Reverse().ToList();
        Assert.Equal(["host-busy", "change-set-started", "file-written", "command-output", "change-set-applied"], types);
        Assert.DoesNotContain("vfio.conf", panel.Markup, StringComparison.Ordinal);
        panel.WaitForAssertion(() => Assert.Equal([typeof(ChangeSetApplied), typeof(HostIdle)], settled.Select(e => e.GetType())));
    }

    [Fact]
    public void Render_OpenedWhileAChangeRuns_SaysWhoRunsItAndWhatItDidSoFar()
    {
        _feed.Publish(new HostIdle { Host = "workstation", User = "alice" });
        _feed.Publish(new HostBusy { Host = "workstation", User = "bob", What = "rolling back change set 3f2a9c41-7d0e-4b8a-9a51-0c6de2f1b7a4", By = "bob", Since = DateTimeOffset.UtcNow });
        _feed.Publish(new FileWritten { Host = "workstation", User = "bob", ChangeSetId = ChangeSet, Path = "/etc/default/grub", Bytes = 1380 });

        var panel = Render<HostActivity>(p => p.Add(a => a.HostName, "workstation"));

        Assert.Equal("busy", panel.Find("[data-testid=host-activity]").GetAttribute("data-state"));
        Assert.Contains("bob is rolling back change set", panel.Find("[data-testid=host-activity-status]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, panel.FindAll("[data-testid=host-activity-log] li").Count);
    }

    [Fact]
    public async Task Dispose_ThePageCloses_TheFeedLetsGoOfItsSubscriber()
    {
        var panel = Render<HostActivity>(p => p.Add(a => a.HostName, "workstation"));
        Assert.Equal(1, _feed.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.True(SpinWait.SpinUntil(() => _feed.SubscriberCount == 0, TimeSpan.FromSeconds(10)), "The subscription outlived the page.");
    }

    [Fact]
    public void Render_Prerendered_DoesNotSubscribe()
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        Render<HostActivity>(p => p.Add(a => a.HostName, "workstation"));

        Assert.Equal(0, _feed.SubscriberCount);
    }
}
