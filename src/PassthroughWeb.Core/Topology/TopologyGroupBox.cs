namespace PassthroughWeb.Core.Topology;

/// <summary>An IOMMU group drawn as a box around its devices' rows. A group whose devices are not next to each other in the tree gets one box per run, the later ones marked continued.</summary>
public sealed record TopologyGroupBox
{
    public required int Number { get; init; }
    public required double X { get; init; }
    public required double Y { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }
    public required string Label { get; init; }

    /// <summary>One of the chosen card's groups.</summary>
    public required bool OfChosenCard { get; init; }

    /// <summary>One of the card's groups that also holds an endpoint outside the card: it would go to the VM too.</summary>
    public required bool SharedWithCard { get; init; }
}
