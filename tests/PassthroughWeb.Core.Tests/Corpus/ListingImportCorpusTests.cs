using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Every listing of the corpus imported. That each import judges its cards as the scanner judges the same listing written
/// as a host tree is checked where the tree is written and scanned anyway, once per listing
/// (<see cref="IommuListingCorpusTests"/>, through <see cref="AssertJudgedAsScanned"/>).
/// </summary>
public sealed class ListingImportCorpusTests
{
    [Fact]
    public void Import_EveryCorpusListing_IsKeptAndOnlyTheListingWithoutGroupsStaysUnknown()
    {
        var folder = RepositoryPaths.RequireCorpus("iommu");
        var unknown = new List<string>();
        foreach (var file in RepositoryPaths.CorpusFileNames("iommu"))
        {
            var imported = ListingImporter.Import(File.ReadAllText(Path.Combine(folder, file)), "gpu-node-017", DateTimeOffset.UnixEpoch, file);
            Assert.True(imported.Report is not null, $"{file}: {imported.Error?.Message}");
            Assert.Equal(file, imported.Report!.Import!.SourceName);
            unknown.AddRange(imported.Report.Gpus.Where(g => g.Verdict == GpuVerdict.Unknown).Select(g => $"{file} {g.Address}"));
        }
        // The corpus holds one plain lspci -nnk listing (ashtonian's: the UHD 770, the RX 6700 XT, the RX 560): exactly those stay unknown.
        Assert.Equal(
            ["ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt 0000:00:02.0", "ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt 0000:03:00.0", "ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt 0000:04:00.0"],
            unknown);
    }

    /// <summary>
    /// The import of <paramref name="listing"/> judges each card as <paramref name="scan"/> (of the same listing written as a
    /// host tree) does: the same devices, groups, functions and collisions, and the same verdict, groups and group mates
    /// unless the import honestly says "unknown", which only a listing without groups may.
    /// </summary>
    internal static void AssertJudgedAsScanned(string file, string listing, ScanReport scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var import = ListingImporter.Import(listing, "gpu-node-017", DateTimeOffset.UnixEpoch, file).Report;
        Assert.True(import is not null, $"{file}: not imported");
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
                Assert.False(import.Iommu.Enabled, $"{where}: unknown although the listing has groups");
                Assert.Empty(judged.Groups);
                continue;
            }
            Assert.True(scanned.Verdict == judged.Verdict, $"{where}: the scanner says {scanned.Verdict}, the import {judged.Verdict}");
            Assert.True(scanned.Groups.SequenceEqual(judged.Groups), $"{where}: groups");
            Assert.True(scanned.GroupMates.SequenceEqual(judged.GroupMates), $"{where}: group mates");
        }
    }
}
