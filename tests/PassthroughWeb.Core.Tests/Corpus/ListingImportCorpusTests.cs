using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Every listing of the corpus imported, and the same listing written as a host tree and scanned: the import judges each
/// card as the scanner judges that host, except where it honestly says "unknown" (a listing without IOMMU groups).
/// </summary>
public sealed class ListingImportCorpusTests
{
    [Fact]
    public void Import_EveryCorpusListing_JudgesAsTheScannerJudgesTheSameHost()
    {
        var folder = RepositoryPaths.RequireCorpus("iommu");
        var files = RepositoryPaths.CorpusFileNames("iommu");
        Assert.NotEmpty(files);
        var unknown = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(folder, file));
            var imported = ListingImporter.Import(text, "gpu-node-017", DateTimeOffset.UnixEpoch, file);
            Assert.True(imported.Report is not null, $"{file}: {imported.Error?.Message}");
            var import = imported.Report!;

            using var host = new TemporaryHostRoot();
            HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = IommuListing.Parse(text) });
            var scan = new HostScanner(TimeProvider.System).Scan(host.Root);

            Assert.Equal(scan.Devices.Select(d => d.Address), import.Devices.Select(d => d.Address));
            Assert.Equal(scan.Groups, import.Groups, (a, b) => a.Number == b.Number && a.Devices.SequenceEqual(b.Devices));
            Assert.Equal(scan.Gpus.Select(g => g.Address), import.Gpus.Select(g => g.Address));
            foreach (var (scanned, judged) in scan.Gpus.Zip(import.Gpus))
            {
                var where = $"{file} {judged.Address}";
                Assert.True(scanned.Functions.SequenceEqual(judged.Functions), $"{where}: functions");
                Assert.True(scanned.IdCollisions.SequenceEqual(judged.IdCollisions), $"{where}: ID collisions");
                if (judged.Verdict == GpuVerdict.Unknown)
                {
                    // Only a listing without groups may leave a verdict open; it never names groups it cannot see.
                    Assert.False(import.Iommu.Enabled, $"{where}: unknown although the listing has groups");
                    Assert.Empty(judged.Groups);
                    unknown++;
                    continue;
                }
                Assert.True(scanned.Verdict == judged.Verdict, $"{where}: the scanner says {scanned.Verdict}, the import {judged.Verdict}");
                Assert.True(scanned.Groups.SequenceEqual(judged.Groups), $"{where}: groups");
                Assert.True(scanned.GroupMates.SequenceEqual(judged.GroupMates), $"{where}: group mates");
            }
        }
        // The corpus holds one plain lspci -nnk listing (ashtonian's: the UHD 770, the RX 6700 XT, the RX 560): exactly those stay unknown.
        Assert.Equal(3, unknown);
    }
}
