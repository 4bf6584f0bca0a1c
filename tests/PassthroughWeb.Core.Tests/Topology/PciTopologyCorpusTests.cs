using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Core.Tests.Topology;

/// <summary>Every real listing of the corpus, written as a host tree, scanned, and drawn with each of its cards chosen in turn.</summary>
public sealed class PciTopologyCorpusTests
{
    public static TheoryData<string> Listings => new(RepositoryPaths.CorpusFileNames("iommu"));

    [Theory]
    [MemberData(nameof(Listings))]
    public void Build_EveryCorpusListing_PlacesEveryDeviceExactlyOnceUnderARoot(string file)
    {
        var report = Scan(file);

        foreach (var chosen in report.Gpus.Select(g => (PciAddress?)g.Address).DefaultIfEmpty(null))
        {
            var topology = PciTopologyBuilder.Build(report, chosen, HostNeeds.Untraced);

            Assert.Equal(report.Devices.Select(d => d.Address.ToString()), topology.Nodes.Where(n => n.Device is not null).Select(n => n.Id).Order(StringComparer.Ordinal));
            foreach (var node in topology.Nodes)
            {
                if (node.Kind == TopologyNodeKind.RootComplex)
                {
                    Assert.Null(node.ParentId);
                    continue;
                }
                var parent = topology.Find(node.ParentId!);
                Assert.NotNull(parent);
                Assert.Equal(parent.Depth + 1, node.Depth);
                Assert.NotEqual(TopologyNodeKind.Device, parent.Kind);
            }
            if (topology.ChosenCard is { } card)
                Assert.Equal(card.Functions.Select(f => f.ToString()), topology.Nodes.Where(n => n.Has(TopologyMarks.ChosenCard)).Select(n => n.Id).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void Compute_EveryCorpusListing_LaysOutEveryNodeOnceInsideThePicture(string file)
    {
        var report = Scan(file);
        var topology = PciTopologyBuilder.Build(report, report.Gpus.Count > 0 ? report.Gpus[0].Address : null, HostNeeds.Untraced);

        var layout = PciTopologyLayout.Compute(topology);

        PciTopologyLayoutChecks.AssertWellFormed(layout);
        Assert.Equal(topology.Nodes.Select(n => n.Id), layout.Nodes.Select(n => n.Node.Id));
        Assert.Equal(report.Devices.Any(d => d.IommuGroup is not null), layout.Groups.Count > 0);
    }

    private static ScanReport Scan(string file)
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", file)));
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing });
        return new HostScanner(TimeProvider.System).Scan(host.Root);
    }
}
