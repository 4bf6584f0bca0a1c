using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Core.Tests.Topology;

public sealed class PciTopologyBuilderTests
{
    private static readonly PciAddress Rx550 = PciAddress.Parse("04:00.0");

    [Fact]
    public void Build_GuideWorkstation_DrawsTheSwitchChainAndTheUnlinkedBusOfTheGuestCard()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu, HostNeeds.Untraced);

        // The guide's listing shows the host card behind its Navi switch, but not the bridge above bus 07.
        Assert.Equal(
            [
                "0 pci0000:00",
                "1 0000:00:00.0",
                "1 0000:00:01.0",
                "2 0000:01:00.0 inferred",
                "3 0000:02:00.0 inferred",
                "4 0000:03:00.0 inferred",
                "4 0000:03:00.1 inferred",
                "1 bus 0000:07",
                "2 0000:07:00.0",
                "2 0000:07:00.1",
            ],
            topology.Nodes.Select(Line));
        Assert.True(topology.HasUnlinkedBuses);
        Assert.True(topology.HasInferredLinks);
    }

    [Fact]
    public void Build_GuideWorkstationWithTheGuestCardChosen_HighlightsItsFunctionsAndMarksTheBootDisplay()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.GuideWorkstation(), SampleWorkstation.GuestGpu, HostNeeds.Untraced);

        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], Marked(topology, TopologyMarks.ChosenCard));
        Assert.Empty(Marked(topology, TopologyMarks.SharesChosenGroup));
        Assert.Equal(["0000:03:00.0"], Marked(topology, TopologyMarks.BootDisplay));
        Assert.Equal(SampleWorkstation.GuestGpu, topology.ChosenCard?.Address);
    }

    [Fact]
    public void Build_HostCardChosen_MarksTheBridgesOfItsGroupAsSharingIt()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.GuideWorkstation(), SampleWorkstation.HostGpu, HostNeeds.Untraced);

        Assert.Equal(["0000:03:00.0", "0000:03:00.1"], Marked(topology, TopologyMarks.ChosenCard));
        Assert.Equal(["0000:00:01.0", "0000:01:00.0", "0000:02:00.0"], Marked(topology, TopologyMarks.SharesChosenGroup));
    }

    [Fact]
    public void Build_SharedChipsetGroup_MarksEverythingThatWouldGoWithTheCard()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.FromListing(TopologyHosts.B550Listing), Rx550, HostNeeds.Untraced);

        Assert.Equal(["0000:04:00.0", "0000:04:00.1"], Marked(topology, TopologyMarks.ChosenCard));
        Assert.Equal(["0000:02:00.0", "0000:02:00.1", "0000:02:00.2", "0000:03:00.0", "0000:03:08.0", "0000:05:00.0"], Marked(topology, TopologyMarks.SharesChosenGroup));
        // Firmware numbers buses depth first: 00:01.1 feeds 01, 00:01.2 feeds 02, the switch behind it 03, its ports 04 and 05.
        Assert.Equal("0000:03:00.0", topology.Find(Rx550)!.ParentId);
        Assert.Equal("0000:03:08.0", topology.Find(PciAddress.Parse("05:00.0"))!.ParentId);
        Assert.Equal("0000:00:01.1", topology.Find(PciAddress.Parse("01:00.0"))!.ParentId);
    }

    [Fact]
    public void Build_NothingTraced_MarksStorageAndNetworkByClassCode()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.FromListing(TopologyHosts.B550Listing), Rx550, HostNeeds.Untraced);

        Assert.Equal(["0000:01:00.0", "0000:02:00.1"], Marked(topology, TopologyMarks.StorageClass));
        Assert.Equal(["0000:05:00.0"], Marked(topology, TopologyMarks.NetworkClass));
        Assert.True(topology.DiskFromClassCodes);
        Assert.True(topology.NetworkFromClassCodes);
    }

    [Fact]
    public void Build_TracedDiskAndNetwork_MarksOnlyThoseDevicesWithTheirRole()
    {
        var needs = new HostNeeds
        {
            Devices =
            [
                new HostCriticalDevice { Address = PciAddress.Parse("01:00.0"), Kind = IsolationRefusalKind.RootDisk, Role = "the / filesystem (/dev/nvme0n1p2, on nvme0n1)" },
                new HostCriticalDevice { Address = PciAddress.Parse("05:00.0"), Kind = IsolationRefusalKind.Network, Role = "the network interface of the default route (enp5s0)" },
            ],
        };

        var topology = PciTopologyBuilder.Build(TopologyHosts.FromListing(TopologyHosts.B550Listing), Rx550, needs);

        Assert.Equal(["0000:01:00.0"], Marked(topology, TopologyMarks.HostDisk));
        Assert.Equal(["0000:05:00.0"], Marked(topology, TopologyMarks.HostNetwork));
        Assert.Empty(Marked(topology, TopologyMarks.StorageClass));
        Assert.Empty(Marked(topology, TopologyMarks.NetworkClass));
        Assert.Contains("enp5s0", topology.Find(PciAddress.Parse("05:00.0"))!.HostRole, StringComparison.Ordinal);
        Assert.False(topology.DiskFromClassCodes);
    }

    [Fact]
    public void Build_NoIommu_ShowsTheTreeWithoutGroups()
    {
        var report = TopologyHosts.FromListing(TopologyHosts.B550Listing, iommu: false);

        var topology = PciTopologyBuilder.Build(report, Rx550, HostNeeds.Untraced);

        Assert.False(topology.IommuEnabled);
        Assert.All(topology.Nodes, n => Assert.Null(n.Device?.IommuGroup));
        Assert.Equal(["0000:04:00.0", "0000:04:00.1"], Marked(topology, TopologyMarks.ChosenCard));
        Assert.Empty(Marked(topology, TopologyMarks.SharesChosenGroup));
        Assert.Equal(report.Devices.Select(d => d.Address.ToString()), topology.Nodes.Where(n => n.Device is not null).Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_SysfsPathsShowTheBridges_TakesThemAsTheyAreAndInfersNothing()
    {
        var report = TopologyHosts.NestedIntelDesktop();

        var topology = PciTopologyBuilder.Build(report, PciAddress.Parse("01:00.0"), HostNeeds.Untraced);

        // The empty port 1c.0 would have taken bus 03 from an inference; the paths say the NIC hangs under 1c.4.
        Assert.Equal(
            [
                "0 pci0000:00",
                "1 0000:00:00.0",
                "1 0000:00:01.0",
                "2 0000:01:00.0",
                "2 0000:01:00.1",
                "1 0000:00:02.0",
                "1 0000:00:17.0",
                "1 0000:00:1c.0",
                "1 0000:00:1c.4",
                "2 0000:03:00.0",
            ],
            topology.Nodes.Select(Line));
        Assert.False(topology.HasInferredLinks);
        Assert.Equal(["0000:01:00.0"], Marked(topology, TopologyMarks.BootDisplay));
        Assert.Equal(["0000:00:01.0"], Marked(topology, TopologyMarks.SharesChosenGroup));
    }

    [Fact]
    public void Build_PathsThatContradictEachOther_StillPlacesEveryDeviceOnce()
    {
        // 01:00.0 claims to sit under 02:00.0, and 02:00.0 under 01:00.0: broken sysfs, or a tampered stored scan.
        var report = TopologyHosts.NestedIntelDesktop() with
        {
            Devices =
            [
                Bridge("01:00.0", "/sys/devices/pci0000:00/0000:02:00.0/0000:01:00.0"),
                Bridge("02:00.0", "/sys/devices/pci0000:00/0000:01:00.0/0000:02:00.0"),
                Bridge("03:00.0", "/sys/devices/pci0000:00/0000:02:00.0/0000:03:00.0"),
            ],
        };

        var topology = PciTopologyBuilder.Build(report, null, HostNeeds.Untraced);

        Assert.Equal(["0000:01:00.0", "0000:02:00.0", "0000:03:00.0"], topology.Nodes.Where(n => n.Device is not null).Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.All(topology.Nodes.Where(n => n.Kind != TopologyNodeKind.RootComplex), n => Assert.NotNull(topology.Find(n.ParentId!)));
    }

    [Fact]
    public void Build_ThisMachine_PlacesEveryDeviceItsSysfsShowsExactly()
    {
        var report = new HostScanner(TimeProvider.System).Scan(HostRoot.Default);

        var topology = PciTopologyBuilder.Build(report, null, HostNeeds.Untraced);

        Assert.Equal(report.Devices.Count, topology.Nodes.Count(n => n.Device is not null));
        Assert.All(report.Devices, d => Assert.StartsWith("/sys/devices/pci", d.SysfsPath, StringComparison.Ordinal));
        Assert.False(topology.HasInferredLinks);
        Assert.False(topology.HasUnlinkedBuses);
    }

    [Fact]
    public void GroupMatesOf_DeviceInASharedGroup_ListsTheOthersOfItsGroup()
    {
        var topology = PciTopologyBuilder.Build(TopologyHosts.FromListing(TopologyHosts.B550Listing), Rx550, HostNeeds.Untraced);

        Assert.Equal(
            ["0000:02:00.0", "0000:02:00.1", "0000:02:00.2", "0000:03:00.0", "0000:03:08.0", "0000:04:00.1", "0000:05:00.0"],
            topology.GroupMatesOf(Rx550).Select(d => d.Address.ToString()));
        Assert.Empty(topology.GroupMatesOf(PciAddress.Parse("01:00.0")));
    }

    private static PciDevice Bridge(string address, string path) => new()
    {
        Address = PciAddress.Parse(address),
        VendorId = "1022",
        DeviceId = "43ea",
        ClassCode = "0604",
        SysfsPath = path,
    };

    private static string Line(TopologyNode node) => $"{node.Depth} {node.Id}{(node.InferredLink ? " inferred" : "")}";

    private static string[] Marked(PciTopology topology, TopologyMarks mark) =>
        topology.Nodes.Where(n => n.Has(mark)).Select(n => n.Id).ToArray();
}
