namespace PassthroughWeb.Core.Topology;

/// <summary>A line of the legend under the tree: a sample of the mark and what it means, wrapped to the picture's width.</summary>
public sealed record TopologyLegendEntry(TopologyLegendSwatch Swatch, double Y, IReadOnlyList<string> Lines);
