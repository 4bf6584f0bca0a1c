using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Drift;
using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Tests.Drift;

namespace PassthroughWeb.Tests.Components.Drift;

/// <summary>The host page's drift panel: silent while the hardware matches; otherwise planned beside now, and what to do.</summary>
public sealed class DriftPanelTests : BunitContext
{
    private static readonly Guid ChangeSet = Guid.Parse("5b0e7d2a-3f1c-4a8e-9d61-2c7f0b9e4a13");

    public DriftPanelTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static HostDrift CardMovedToSlot4()
    {
        var planned = DeviceExpectations.Of("isolate", [DriftHosts.Card, DriftHosts.Audio], DriftHosts.Before(), ChangeSet);
        return DriftDetector.Detect(planned, DriftHosts.Report([.. DriftHosts.Others(), DriftHosts.Rx6700Xt("0000:04:00.0", 15), DriftHosts.Rx6700XtAudio("0000:04:00.1", 15)]));
    }

    [Fact]
    public void NoDrift_RendersNothing()
    {
        var panel = Render<DriftPanel>(p => p.Add(d => d.Drift, HostDrift.None));

        Assert.Empty(panel.FindAll("[data-testid=drift-panel]"));
    }

    [Fact]
    public void CardMoved_ShowsPlannedBesideNow_AndWhatToDo()
    {
        var panel = Render<DriftPanel>(p => p.Add(d => d.Drift, CardMovedToSlot4()));

        Assert.Contains("Hardware changed. The hardware changed since step 3 was applied: 2 differences", panel.Find("[data-testid=drift-panel] .mud-alert").TextContent, StringComparison.Ordinal);
        var items = panel.FindAll("[data-testid=drift-item]");
        Assert.Equal(["moved", "moved"], items.Select(i => i.GetAttribute("data-kind")));
        var planned = items[0].QuerySelector("[data-testid=drift-planned]")!.TextContent;
        var now = items[0].QuerySelector("[data-testid=drift-found]")!.TextContent;
        Assert.Contains("Planned (change set 5b0e7d2a)", planned, StringComparison.Ordinal);
        Assert.Contains("0000:03:00.0", planned, StringComparison.Ordinal);
        Assert.Contains("1da2:e445", planned, StringComparison.Ordinal);
        Assert.Contains("Now, at its new address", now, StringComparison.Ordinal);
        Assert.Contains("0000:04:00.0", now, StringComparison.Ordinal);
        Assert.Contains("15", now, StringComparison.Ordinal);
        Assert.Contains("What to do: Plan step 3 again", items[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenStepButton_OpensTheStepToRecheck()
    {
        var opened = new List<int>();
        var panel = Render<DriftPanel>(p => p.Add(d => d.Drift, CardMovedToSlot4()).Add(d => d.OnOpen, (int step) => opened.Add(step)));

        panel.Find("[data-testid=drift-open-3]").Click();

        Assert.Equal([3], opened);
    }

    [Fact]
    public void KeepButton_OnlyWhenThePageGivesIt_AndItCallsBack()
    {
        var accepted = 0;
        var viewer = Render<DriftPanel>(p => p.Add(d => d.Drift, CardMovedToSlot4()));
        var operatorPanel = Render<DriftPanel>(p => p.Add(d => d.Drift, CardMovedToSlot4()).Add(d => d.OnAccept, () => accepted++));

        Assert.Empty(viewer.FindAll("[data-testid=drift-accept]"));
        operatorPanel.Find("[data-testid=drift-accept]").Click();
        Assert.Equal(1, accepted);
    }

    [Fact]
    public void CardGone_SaysNothingIsThere()
    {
        var planned = DeviceExpectations.Of("isolate", [DriftHosts.Card, DriftHosts.Audio], DriftHosts.Before(), ChangeSet);
        var panel = Render<DriftPanel>(p => p.Add(d => d.Drift, DriftDetector.Detect(planned, DriftHosts.Report(DriftHosts.Others()))));

        Assert.Contains("Nothing: no device at 0000:03:00.0", panel.FindAll("[data-testid=drift-found]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(["vanished", "vanished"], panel.FindAll("[data-testid=drift-item]").Select(i => i.GetAttribute("data-kind")));
    }
}
