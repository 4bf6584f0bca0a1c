using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Core.Tests.Topology;

/// <summary>What every layout must hold, whatever the host: each node once, rows that never overlap, everything inside the picture.</summary>
internal static class PciTopologyLayoutChecks
{
    public static void AssertWellFormed(TopologyLayout layout)
    {
        Assert.Equal(layout.Nodes.Count, layout.Nodes.Select(n => n.Node.Id).Distinct(StringComparer.Ordinal).Count());
        for (var i = 1; i < layout.Nodes.Count; i++)
        {
            var above = layout.Nodes[i - 1];
            Assert.True(layout.Nodes[i].Y >= above.Y + above.Height, $"{layout.Nodes[i].Node.Id} overlaps {above.Node.Id}.");
        }
        foreach (var box in layout.Nodes)
        {
            Assert.True(box.X >= 0 && box.X + box.Width <= layout.Width, $"{box.Node.Id} sticks out sideways.");
            Assert.True(box.Y >= 0 && box.Y + box.Height <= layout.LegendY, $"{box.Node.Id} runs into the legend.");
            Assert.All(box.Tags, t => Assert.True(t.X + t.Width <= box.X + box.Width && t.Y + 16 <= box.Y + box.Height, $"A tag of {box.Node.Id} sticks out of its box."));
        }
        foreach (var group in layout.Groups)
            Assert.True(group.X >= 0 && group.X + group.Width <= layout.Width && group.Y + group.Height <= layout.LegendY, $"The box of group {group.Number} sticks out.");
        for (var i = 1; i < layout.Groups.Count; i++)
            Assert.True(layout.Groups[i].Y >= layout.Groups[i - 1].Y + layout.Groups[i - 1].Height, $"The boxes of groups {layout.Groups[i - 1].Number} and {layout.Groups[i].Number} overlap.");
        Assert.All(layout.Legend, e => Assert.True(e.Y + (e.Lines.Count * PciTopologyLayout.LineHeight) <= layout.Height, "The legend runs off the picture."));
        Assert.NotEmpty(layout.Legend);
    }
}
