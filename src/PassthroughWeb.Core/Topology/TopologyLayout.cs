namespace PassthroughWeb.Core.Topology;

/// <summary>The picture of a <see cref="PciTopology"/>, placed: what to draw where, in SVG user units (pixels at 100 %).</summary>
public sealed record TopologyLayout
{
    public required double Width { get; init; }
    public required double Height { get; init; }
    /// <summary>The host's name, cut to fit, on the picture's first line.</summary>
    public required string Title { get; init; }

    /// <summary>What the picture shows, on its second line.</summary>
    public required string Subtitle { get; init; }
    public required IReadOnlyList<TopologyGroupBox> Groups { get; init; }
    public required IReadOnlyList<TopologyConnector> Connectors { get; init; }

    /// <summary>The nodes in the topology's order: the order of the rows, and of the keyboard's Tab.</summary>
    public required IReadOnlyList<TopologyNodeBox> Nodes { get; init; }

    /// <summary>Where the legend starts (its heading).</summary>
    public required double LegendY { get; init; }
    public required IReadOnlyList<TopologyLegendEntry> Legend { get; init; }
}
