namespace PassthroughWeb.Core.Topology;

/// <summary>Where a node is drawn, and the text in its box, cut to fit.</summary>
public sealed record TopologyNodeBox
{
    public required TopologyNode Node { get; init; }
    public required double X { get; init; }
    public required double Y { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }

    /// <summary>The address (or the root complex's or bus's name), written first and in monospace.</summary>
    public required string Heading { get; init; }

    /// <summary>The class, after the heading; may be empty.</summary>
    public required string Kind { get; init; }

    /// <summary>The driver, right-aligned on the first line; empty when none is bound.</summary>
    public required string Driver { get; init; }

    /// <summary>The second line: the device's name (or what the node is), cut with an ellipsis to fit.</summary>
    public required string Name { get; init; }

    /// <summary>Everything about the node in one sentence, for screen readers and the tooltip.</summary>
    public required string Description { get; init; }

    public required IReadOnlyList<TopologyTag> Tags { get; init; }
}
