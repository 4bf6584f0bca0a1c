namespace PassthroughWeb.Core.Topology;

public enum TopologyLegendSwatch
{
    ChosenCard,
    SharesChosenGroup,
    BootDisplay,
    HostNeeds,
    Group,
    NoIommu,
    InferredLink,
    UnlinkedBus,
}
