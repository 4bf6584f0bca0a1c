namespace PassthroughWeb.Core.Topology;

public enum TopologyNodeKind
{
    /// <summary>A PCI root complex (<c>pci0000:00</c>): where the CPU's buses start.</summary>
    RootComplex,

    /// <summary>A host bridge, root port, switch port or other PCI bridge (class 06xx).</summary>
    Bridge,

    /// <summary>An endpoint function: a GPU, its audio, a disk or network controller …</summary>
    Device,

    /// <summary>A bus whose devices the scan shows, but not the bridge that leads to it (a partial listing).</summary>
    UnlinkedBus,
}
