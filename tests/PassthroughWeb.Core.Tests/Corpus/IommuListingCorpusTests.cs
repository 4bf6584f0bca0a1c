using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Every real listing of the corpus, written as a host tree and scanned, and imported as a listing. The expected verdicts were read off
/// each listing by hand: a GPU is a display controller (03xx) with the other functions of its slot; it is
/// ready when its groups hold only its functions and bridges/ports (0600/0604/0609), shared-group when
/// another endpoint is in one of them, blocked when there are no groups.
/// </summary>
public sealed class IommuListingCorpusTests
{
    private static readonly string[] None = [];

    private static readonly Dictionary<string, ExpectedGpu[]> Expected = new(StringComparer.Ordinal)
    {
        ["64kramsystem-b450m-mortar-max-hd7450-shared-gtx960.txt"] =
        [
            // Group 11 is the chipset's: USB and SATA (03:00.0/.1) and the RTL8111 NIC (22:00.0) share it.
            // The HD 7450's audio line (25:00.1) is cut off inside its ID, so the tree cannot hold it: the card is written with its VGA function only.
            new("25:00.0", GpuVerdict.SharedGroup, ["25:00.0"], [11], ["03:00.0", "03:00.1", "22:00.0"], None),
            new("26:00.0", GpuVerdict.Ready, ["26:00.0", "26:00.1"], [12], None, None),
        ],
        ["64kramsystem-z170-hd530-gtx960-rootport.txt"] =
        [
            new("00:02.0", GpuVerdict.Ready, ["00:02.0"], [2], None, None),
            // Group 1 adds only the x16 root port 00:01.0.
            new("01:00.0", GpuVerdict.Ready, ["01:00.0", "01:00.1"], [1], None, None),
        ],
        ["EthanZHF-xeon-server-483dev-dmar-tree-variant.txt"] =
        [
            // The BMC's ASPEED VGA shares group 64 only with its AST1150 bridge 02:00.0.
            new("03:00.0", GpuVerdict.Ready, ["03:00.0"], [64], None, None),
        ],
        ["GRuuuuu-hgx-8x-h100-nvswitch-grep-nvidia.txt"] =
        [
            // Eight H100s with one ID: each collides with the seven others. Groups 29 and 58 hold two cards each.
            new("0000:11:00.0", GpuVerdict.SharedGroup, ["0000:11:00.0"], [29], ["0000:12:00.0"], H100sBut("11:00.0")),
            new("0000:12:00.0", GpuVerdict.SharedGroup, ["0000:12:00.0"], [29], ["0000:11:00.0"], H100sBut("12:00.0")),
            new("0000:41:00.0", GpuVerdict.Ready, ["0000:41:00.0"], [17], None, H100sBut("41:00.0")),
            new("0000:44:00.0", GpuVerdict.Ready, ["0000:44:00.0"], [18], None, H100sBut("44:00.0")),
            new("0000:86:00.0", GpuVerdict.SharedGroup, ["0000:86:00.0"], [58], ["0000:87:00.0"], H100sBut("86:00.0")),
            new("0000:87:00.0", GpuVerdict.SharedGroup, ["0000:87:00.0"], [58], ["0000:86:00.0"], H100sBut("87:00.0")),
            new("0000:bb:00.0", GpuVerdict.Ready, ["0000:bb:00.0"], [49], None, H100sBut("bb:00.0")),
            new("0000:be:00.0", GpuVerdict.Ready, ["0000:be:00.0"], [50], None, H100sBut("be:00.0")),
        ],
        ["MapManagement-b550-rx550-shared-chipset-rx6950xt-oneline.txt"] =
        [
            // Chipset group 15: USB 02:00.0, SATA 02:00.1 and the RTL8125 05:00.0 besides the switch bridges.
            new("04:00.0", GpuVerdict.SharedGroup, ["04:00.0", "04:00.1"], [15], ["02:00.0", "02:00.1", "05:00.0"], None),
            new("08:00.0", GpuVerdict.Ready, ["08:00.0", "08:00.1"], [18, 19], None, None),
        ],
        ["OzzyHelix-x470-5700g-gtx970-gtx1060-split-audio.txt"] =
        [
            new("10:00.0", GpuVerdict.Ready, ["10:00.0", "10:00.1"], [10, 11], None, None),
            new("12:00.0", GpuVerdict.Ready, ["12:00.0", "12:00.1"], [12, 13], None, None),
        ],
        ["OzzyHelix-x670e-rx7800xt-rtx2070s-split-groups.txt"] =
        [
            new("03:00.0", GpuVerdict.Ready, ["03:00.0", "03:00.1"], [17, 18], None, None),
            new("05:00.0", GpuVerdict.Ready, ["05:00.0", "05:00.1", "05:00.2", "05:00.3"], [20, 21, 22, 23], None, None),
        ],
        ["ashtonian-alderlake-rx6700xt-rx560-groups.txt"] = Ashtonian(GpuVerdict.Ready, groups: true),
        // Plain lspci -nnk: no groups at all, so nothing can be passed through.
        ["ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt"] = Ashtonian(GpuVerdict.Blocked, groups: false),
        ["asokolsky-atom-c3000-nas-aspeed-behind-bridge.txt"] =
        [
            new("04:00.0", GpuVerdict.Ready, ["04:00.0"], [15], None, None),
        ],
        ["asokolsky-z370-uhd630-gt1030-lowercase-unsorted.txt"] =
        [
            new("00:02.0", GpuVerdict.Ready, ["00:02.0"], [0], None, None),
            new("01:00.0", GpuVerdict.Ready, ["01:00.0", "01:00.1"], [2], None, None),
        ],
        ["fanguohao-amd400chipset-gt720-shared-nic-rtx2080ti-partial.txt"] =
        [
            new("06:00.0", GpuVerdict.SharedGroup, ["06:00.0", "06:00.1"], [15], ["02:00.0", "02:00.1", "05:00.0"], None),
            new("07:00.0", GpuVerdict.Ready, ["07:00.0", "07:00.1", "07:00.2", "07:00.3"], [16], None, None),
        ],
        ["joe-p-x570-1080ti-gt710-oneline.txt"] =
        [
            new("0b:00.0", GpuVerdict.Ready, ["0b:00.0", "0b:00.1"], [30], None, None),
            new("0c:00.0", GpuVerdict.Ready, ["0c:00.0", "0c:00.1"], [31], None, None),
        ],
    };

    public static TheoryData<string> CorpusListings => new(Expected.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CorpusListings))]
    public void Scan_CorpusListingAsHost_JudgesEveryGpuAsTheListingShowsAndAsItsImport(string file)
    {
        var text = File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", file));
        var listing = IommuListing.Parse(text);
        using var host = new TemporaryHostRoot();
        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing });

        var report = new HostScanner(TimeProvider.System).Scan(host.Root);

        Assert.Equal(written.Devices, report.Devices.Select(d => d.Address));
        Assert.All(report.Devices, d => Assert.Empty(d.Problems));
        Assert.Equal(listing.HasGroups, report.Iommu.Enabled);
        Assert.Equal(listing.GroupNumbers.Count, report.Iommu.GroupCount);
        Assert.Equal(Expected[file].Select(g => g.Describe()), report.Gpus.Select(ExpectedGpu.Describe));
        // The same listing imported (a host without the app) is judged as the scanner judged this host.
        ListingImportCorpusTests.AssertJudgedAsScanned(file, text, report);
    }

    [Fact]
    public void Expectations_CoverEveryListingOfTheCorpus()
    {
        RepositoryPaths.RequireCorpus("iommu");

        Assert.Equal(RepositoryPaths.CorpusFileNames("iommu"), Expected.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Scan_AshtonianGroupsWithItsLspciNnk_JudgesWithGroupsAndShowsTheDrivers()
    {
        var groups = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "ashtonian-alderlake-rx6700xt-rx560-groups.txt")));
        var details = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt")));
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = groups.WithDetailsFrom(details) });

        var report = new HostScanner(TimeProvider.System).Scan(host.Root);

        Assert.Equal(43, report.Devices.Count);
        Assert.Equal(Ashtonian(GpuVerdict.Ready, groups: true).Select(g => g.Describe()), report.Gpus.Select(ExpectedGpu.Describe));
        Assert.Equal("i915", Device(report, "00:02.0").Driver);
        Assert.Equal("amdgpu", Device(report, "03:00.0").Driver);
        Assert.Equal("vfio-pci", Device(report, "04:00.0").Driver);
        Assert.Equal("vfio-pci", Device(report, "04:00.1").Driver);
        Assert.Equal(("1462", "8a91"), (Device(report, "04:00.0").SubsystemVendorId, Device(report, "04:00.0").SubsystemDeviceId));
        Assert.Equal(21, Device(report, "03:00.0").IommuGroup);
        Assert.Contains(report.Gpus.Single(g => g.Address == PciAddress.Parse("04:00.0")).Notes,
            n => n.Contains("already bound to vfio-pci", StringComparison.Ordinal));
        Assert.Equal(39, report.Devices.Count(d => d.Driver is not null));
    }

    [Fact]
    public void Scan_GuideWorkstation_JudgesBothCardsAsTheIssueStates()
    {
        using var host = new TemporaryHostRoot();
        SampleWorkstation.Build(host.Path);

        var report = new HostScanner(TimeProvider.System).Scan(host.Root);

        Assert.Equal(
            [
                new ExpectedGpu("03:00.0", GpuVerdict.Ready, ["03:00.0", "03:00.1"], [1], None, ["07:00.1"]).Describe(),
                new ExpectedGpu("07:00.0", GpuVerdict.Ready, ["07:00.0", "07:00.1"], [18, 19], None, ["03:00.1"]).Describe(),
            ],
            report.Gpus.Select(ExpectedGpu.Describe));
        Assert.True(report.Gpus[0].IsBootVga);
        Assert.False(report.Gpus[1].IsBootVga);
        Assert.Equal((CpuVendor.Intel, true, false), (report.Cpu.Vendor, report.Cpu.Virtualization, report.Cpu.Hypervisor));
        Assert.Equal(FirmwareIommuTable.Dmar, report.Iommu.FirmwareTable);
        Assert.Equal(["intel_iommu=on", "iommu=pt"], report.Iommu.KernelParameters);
        Assert.Equal(SampleWorkstation.HostName, report.HostName);
    }

    private static PciDevice Device(ScanReport report, string address) => report.FindDevice(PciAddress.Parse(address))!;

    private static string[] H100sBut(string self) =>
        new[] { "11:00.0", "12:00.0", "41:00.0", "44:00.0", "86:00.0", "87:00.0", "bb:00.0", "be:00.0" }.Where(a => a != self).ToArray();

    private static ExpectedGpu[] Ashtonian(GpuVerdict verdict, bool groups) =>
    [
        new("00:02.0", verdict, ["00:02.0"], groups ? [3] : [], None, None),
        // RX 6700 XT behind its Navi 10 XL switch (groups 19/20), VGA and audio in groups of their own.
        new("03:00.0", verdict, ["03:00.0", "03:00.1"], groups ? [21, 22] : [], None, None),
        new("04:00.0", verdict, ["04:00.0", "04:00.1"], groups ? [23] : [], None, None),
    ];

    private sealed record ExpectedGpu(string Address, GpuVerdict Verdict, string[] Functions, int[] Groups, string[] GroupMates, string[] IdCollisions)
    {
        public string Describe() =>
            Line(PciAddress.Parse(Address), Verdict, Functions.Select(PciAddress.Parse), Groups, GroupMates.Select(PciAddress.Parse), IdCollisions.Select(PciAddress.Parse));

        public static string Describe(GpuAssessment gpu) =>
            Line(gpu.Address, gpu.Verdict, gpu.Functions, gpu.Groups, gpu.GroupMates, gpu.IdCollisions);

        private static string Line(PciAddress address, GpuVerdict verdict, IEnumerable<PciAddress> functions, IEnumerable<int> groups, IEnumerable<PciAddress> mates, IEnumerable<PciAddress> collisions) =>
            $"{address} {verdict} functions=[{string.Join(' ', functions)}] groups=[{string.Join(' ', groups)}] mates=[{string.Join(' ', mates)}] collisions=[{string.Join(' ', collisions.Order())}]";
    }
}
