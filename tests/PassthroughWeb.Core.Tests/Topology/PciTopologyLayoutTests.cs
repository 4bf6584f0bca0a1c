using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Core.Tests.Topology;

public sealed class PciTopologyLayoutTests
{
    [Fact]
    public void Compute_GuideWorkstation_OneRowPerNodeTopToBottomInsideThePicture()
    {
        var layout = Layout(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        PciTopologyLayoutChecks.AssertWellFormed(layout);
        Assert.Equal(10, layout.Nodes.Count);
        // A vertical tree stays narrow: four bridges deep, it still fits a 390 px phone with room to spare for a scroll bar.
        Assert.True(layout.Width <= 390, $"The picture is {layout.Width} wide.");
    }

    [Fact]
    public void Compute_GuideWorkstation_DrawsOneBoxPerGroupAroundItsDevices()
    {
        var layout = Layout(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        Assert.Equal(["IOMMU group 0", "IOMMU group 1", "IOMMU group 18 · the card's", "IOMMU group 19 · the card's"], layout.Groups.Select(g => g.Label));
        var group1 = layout.Groups.Single(g => g.Number == 1);
        var members = layout.Nodes.Where(n => n.Node.Device?.IommuGroup == 1).ToList();
        Assert.Equal(5, members.Count);
        Assert.All(members, m => Assert.True(Inside(m, group1), $"{m.Node.Id} is outside the box of group 1."));
    }

    [Fact]
    public void Compute_SharedChipsetGroup_LabelsTheGroupAsSharedAndTagsEveryDevice()
    {
        var layout = Layout(TopologyHosts.FromListing(TopologyHosts.B550Listing), PciAddress.Parse("04:00.0"));

        var group15 = Assert.Single(layout.Groups, g => g.Number == 15);
        Assert.True(group15.SharedWithCard);
        Assert.Equal("IOMMU group 15 · shared with the card", group15.Label);
        // The writer makes the only VGA controller the boot display.
        Assert.Equal(["chosen card", "boot display"], Box(layout, "04:00.0").Tags.Select(t => t.Text));
        Assert.Equal(["shares the card's group", "network: host may need it"], Box(layout, "05:00.0").Tags.Select(t => t.Text));
        Assert.Equal(["in the card's group (bridge)"], Box(layout, "03:00.0").Tags.Select(t => t.Text));
    }

    [Fact]
    public void Compute_NoIommu_DrawsNoGroupBoxesAndSaysWhyInTheLegend()
    {
        var layout = Layout(TopologyHosts.FromListing(TopologyHosts.B550Listing, iommu: false), PciAddress.Parse("04:00.0"));

        PciTopologyLayoutChecks.AssertWellFormed(layout);
        Assert.Empty(layout.Groups);
        Assert.Contains(layout.Legend, e => e.Swatch == TopologyLegendSwatch.NoIommu);
        Assert.DoesNotContain(layout.Legend, e => e.Swatch == TopologyLegendSwatch.Group);
    }

    [Fact]
    public void Compute_InferredAndUnlinked_ExplainsBothInTheLegendAndDashesInferredLines()
    {
        var layout = Layout(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu);

        Assert.Contains(layout.Legend, e => e.Swatch == TopologyLegendSwatch.InferredLink);
        Assert.Contains(layout.Legend, e => e.Swatch == TopologyLegendSwatch.UnlinkedBus);
        Assert.True(layout.Connectors.Single(c => c.ChildId == "0000:01:00.0").Inferred);
        Assert.False(layout.Connectors.Single(c => c.ChildId == "0000:00:01.0").Inferred);
    }

    [Fact]
    public void Compute_ExactTree_LeavesInferenceOutOfTheLegend()
    {
        var layout = Layout(TopologyHosts.NestedIntelDesktop(), PciAddress.Parse("01:00.0"));

        PciTopologyLayoutChecks.AssertWellFormed(layout);
        Assert.DoesNotContain(layout.Legend, e => e.Swatch is TopologyLegendSwatch.InferredLink or TopologyLegendSwatch.UnlinkedBus);
        Assert.All(layout.Connectors, c => Assert.False(c.Inferred));
    }

    [Fact]
    public void Compute_LongNames_CutsThemToTheirBoxWithAnEllipsis()
    {
        // The test tree has no pci.ids: name the card as a host with the database would.
        var report = TopologyHosts.GuideWorkstation();
        report = report with
        {
            Devices = report.Devices.Select(d => d.Address == SampleWorkstation.HostGpu
                ? d with { VendorName = "Advanced Micro Devices, Inc. [AMD/ATI]", DeviceName = "Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]" }
                : d).ToList(),
        };

        var layout = Layout(report, SampleWorkstation.GuestGpu);

        var card = Box(layout, "03:00.0");
        Assert.EndsWith("…", card.Name, StringComparison.Ordinal);
        Assert.True(card.Name.Length * PciTopologyLayout.SansGlyph <= card.Width - 16);
        Assert.Contains("Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df]", card.Description, StringComparison.Ordinal);
    }

    private static TopologyLayout Layout(ScanReport report, PciAddress chosen) =>
        PciTopologyLayout.Compute(PciTopologyBuilder.Build(report, chosen, HostNeeds.Untraced));

    private static TopologyNodeBox Box(TopologyLayout layout, string address) =>
        layout.Nodes.Single(n => n.Node.Address == PciAddress.Parse(address));

    private static bool Inside(TopologyNodeBox box, TopologyGroupBox group) =>
        box.X >= group.X && box.Y >= group.Y && box.X + box.Width <= group.X + group.Width && box.Y + box.Height <= group.Y + group.Height;
}
