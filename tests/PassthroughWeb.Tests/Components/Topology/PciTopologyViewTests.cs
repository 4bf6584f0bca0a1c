using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Topology;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Topology;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Tests.Components.Topology;

public sealed class PciTopologyViewTests : BunitContext
{
    public PciTopologyViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_GuideWorkstationWithTheGuestCard_HighlightsItsFunctionsAndTheBootDisplay()
    {
        var view = Render(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], Addresses(view, "ChosenCard"));
        Assert.Equal(["0000:03:00.0"], Addresses(view, "BootDisplay"));
        Assert.Empty(Addresses(view, "SharesChosenGroup"));
        Assert.Equal(["0", "1", "18", "19"], view.FindAll(".topology-group").Select(g => g.GetAttribute("data-group")));
        Assert.Equal(["chosen card"], Tags(view, "0000:07:00.0"));
        Assert.Equal(["boot display"], Tags(view, "0000:03:00.0"));
        // The chosen card's boxes are drawn in the chosen colour, as the legend's sample is.
        Assert.Equal(TopologyPalette.Chosen, Node(view, "0000:07:00.0").QuerySelector(".topology-box")!.GetAttribute("stroke"));
        Assert.Contains("Chosen card:", view.Find("[data-swatch=ChosenCard]").TextContent, StringComparison.Ordinal);
        Assert.Contains("(07:00.0)", view.Find("[data-swatch=ChosenCard]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SharedChipsetGroup_MarksWhatWouldGoWithTheCard()
    {
        var view = Render(TopologyHosts.FromListing(TopologyHosts.B550Listing), PciAddress.Parse("04:00.0"));

        Assert.Equal(["shares the card's group", "network: host may need it"], Tags(view, "0000:05:00.0"));
        Assert.Equal(["shares the card's group", "storage: host may need it"], Tags(view, "0000:02:00.1"));
        Assert.Equal(["in the card's group (bridge)"], Tags(view, "0000:02:00.2"));
        var group = view.Find(".topology-group[data-group='15']");
        Assert.Equal(TopologyPalette.Shares, group.QuerySelector("rect")!.GetAttribute("stroke"));
        Assert.Contains("shared with the card", group.TextContent, StringComparison.Ordinal);
        Assert.Equal("5 3", Node(view, "0000:05:00.0").QuerySelector(".topology-box")!.GetAttribute("stroke-dasharray"));
    }

    [Fact]
    public void Render_NoIommu_DrawsNoGroupsAndSaysSoInTheLegend()
    {
        var view = Render(TopologyHosts.FromListing(TopologyHosts.B550Listing, iommu: false), PciAddress.Parse("04:00.0"));

        Assert.Empty(view.FindAll(".topology-group"));
        Assert.Single(view.FindAll("[data-swatch=NoIommu]"));
        Assert.Contains("the IOMMU is off", view.Find("[data-testid=topology-legend]").TextContent, StringComparison.Ordinal);
        Assert.Equal(12, view.FindAll(".topology-node[data-address]").Count(n => n.GetAttribute("data-address")!.Length > 0));
    }

    [Fact]
    public void Click_Device_ShowsItsAddressIdsClassDriverGroupAndGroupMates()
    {
        var view = Render(TopologyHosts.FromListing(TopologyHosts.B550Listing), PciAddress.Parse("04:00.0"));
        Assert.Empty(view.FindAll("[data-testid=topology-device]"));

        Node(view, "0000:05:00.0").Click();

        var details = view.Find("[data-testid=topology-device]");
        Assert.Equal("0000:05:00.0", details.QuerySelector("[data-testid=detail-address]")!.TextContent.Trim());
        Assert.Equal("10ec:8125", details.QuerySelector("[data-testid=detail-ids]")!.TextContent.Trim());
        Assert.Equal("0000:0000", details.QuerySelector("[data-testid=detail-subsystem]")!.TextContent.Trim());
        Assert.StartsWith("0200", details.QuerySelector("[data-testid=detail-class]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("15", details.QuerySelector("[data-testid=detail-group]")!.TextContent.Trim());
        Assert.Contains("0000:03:08.0", details.QuerySelector("[data-testid=detail-parent]")!.TextContent, StringComparison.Ordinal);
        var mates = details.QuerySelectorAll("[data-testid=detail-mates] li").Select(li => li.TextContent.Trim()[..12]).ToList();
        Assert.Equal(["0000:02:00.0", "0000:02:00.1", "0000:02:00.2", "0000:03:00.0", "0000:03:08.0", "0000:04:00.0", "0000:04:00.1"], mates);
        Assert.Contains("would go to the VM with it", details.QuerySelector("[data-testid=detail-marks]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", Node(view, "0000:05:00.0").GetAttribute("aria-pressed"));
        Assert.Single(view.FindAll(".topology-selection"));
    }

    [Fact]
    public void Click_GroupMate_ShowsThatDeviceInstead()
    {
        var view = Render(TopologyHosts.FromListing(TopologyHosts.B550Listing), PciAddress.Parse("04:00.0"));
        Node(view, "0000:05:00.0").Click();

        view.FindAll("[data-testid=detail-mates] a").Single(a => a.TextContent.Trim() == "0000:04:00.0").Click();

        Assert.Equal("0000:04:00.0", view.Find("[data-testid=topology-device]").GetAttribute("data-id"));
        Assert.Equal("true", Node(view, "0000:04:00.0").GetAttribute("aria-pressed"));
        Assert.Equal("false", Node(view, "0000:05:00.0").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void KeyDown_EnterOnAFocusedDevice_SelectsIt()
    {
        var view = Render(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);
        var node = Node(view, "0000:03:00.1");

        Assert.Equal("0", node.GetAttribute("tabindex"));
        Assert.Equal("button", node.GetAttribute("role"));
        Assert.StartsWith("0000:03:00.1 Audio device", node.GetAttribute("aria-label"), StringComparison.Ordinal);
        node.KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("0000:03:00.1", view.Find("[data-testid=topology-device]").GetAttribute("data-id"));
    }

    [Fact]
    public void Render_GuideWorkstation_DrawsAtItsLaidOutSizeAndMayShrinkTo85Percent()
    {
        var view = Render(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        // Four bridges deep, the picture is 334 px wide: on a 390 px phone it shrinks a little rather than scroll.
        var svg = view.Find("svg.topology-svg");
        Assert.Equal("334", svg.GetAttribute("width"));
        Assert.Equal("0 0 334 " + svg.GetAttribute("height"), svg.GetAttribute("viewBox"));
        Assert.Equal("min-width: 283.9px", svg.GetAttribute("style"));
    }

    [Fact]
    public void Render_ExportButtons_NameTheirPictureAndTheFile()
    {
        var view = Render(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        var figure = view.Find("[data-testid=topology]").GetAttribute("id");
        foreach (var format in new[] { "svg", "png" })
        {
            var button = view.Find($"[data-testid=topology-export-{format}]");
            Assert.Equal(format, button.GetAttribute("data-topology-export"));
            Assert.Equal(figure, button.GetAttribute("data-topology-target"));
            Assert.Equal($"{SampleWorkstation.HostName}-pci-topology", button.GetAttribute("data-topology-file"));
        }
    }

    private IRenderedComponent<PciTopologyView> Render(ScanReport report, PciAddress chosen) =>
        Render<PciTopologyView>(p => p.Add(v => v.Topology, PciTopologyBuilder.Build(report, chosen, HostNeeds.Untraced)));

    private static AngleSharp.Dom.IElement Node(IRenderedComponent<PciTopologyView> view, string address) =>
        view.Find($".topology-node[data-address='{address}']");

    private static string[] Addresses(IRenderedComponent<PciTopologyView> view, string mark) =>
        view.FindAll(".topology-node").Where(n => n.GetAttribute("data-marks")!.Split(", ").Contains(mark)).Select(n => n.GetAttribute("data-address")!).ToArray();

    private static string[] Tags(IRenderedComponent<PciTopologyView> view, string address) =>
        Node(view, address).QuerySelectorAll(".topology-tag").Select(t => t.TextContent.Trim()).ToArray();
}
