using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Topology;

/// <summary>
/// A host's PCI devices as people draw them: root complexes, the bridges below them as a tree, the IOMMU groups,
/// the chosen card and what shares its groups, the boot display and the devices the host needs.
/// Built by <see cref="PciTopologyBuilder"/>; drawn after <see cref="PciTopologyLayout"/>.
/// </summary>
public sealed record PciTopology
{
    public required string HostName { get; init; }
    public required bool IommuEnabled { get; init; }

    /// <summary>Every node once, parents before children, siblings in address order (the order of <c>lspci -t</c>).</summary>
    public required IReadOnlyList<TopologyNode> Nodes { get; init; }

    public required IReadOnlyList<IommuGroup> Groups { get; init; }

    /// <summary>The card chosen for the VM; null when none is (or the host has no GPU).</summary>
    public GpuAssessment? ChosenCard { get; init; }

    /// <summary>Storage controllers are marked by class code: the root disk was not traced to a PCI device.</summary>
    public required bool DiskFromClassCodes { get; init; }

    /// <summary>Network controllers are marked by class code: the default route was not traced to a PCI device.</summary>
    public required bool NetworkFromClassCodes { get; init; }

    public bool HasInferredLinks => Nodes.Any(n => n.InferredLink);

    public bool HasUnlinkedBuses => Nodes.Any(n => n.Kind == TopologyNodeKind.UnlinkedBus);

    public TopologyNode? Find(PciAddress address) => Nodes.FirstOrDefault(n => n.Address == address);

    public TopologyNode? Find(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    public IEnumerable<TopologyNode> ChildrenOf(string id) => Nodes.Where(n => n.ParentId == id);

    /// <summary>The other devices of <paramref name="address"/>'s IOMMU group, in address order: they go to a VM with it, or stay with it.</summary>
    public IReadOnlyList<PciDevice> GroupMatesOf(PciAddress address)
    {
        var device = Find(address)?.Device;
        if (device?.IommuGroup is not { } number) return [];
        return Nodes.Where(n => n.Device is { } other && other.Address != address && other.IommuGroup == number).Select(n => n.Device!).OrderBy(d => d.Address).ToList();
    }
}
