using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Import;

public sealed class IommuListingTests
{
    // The guide's own loop output (seed material), with the prose that surrounds it in the guide.
    private const string GuideLoop =
        "In my case IOMMU groups are:\n" +
        "\n" +
        "IOMMU Group 0:\n" +
        "\t00:00.0 Host bridge [0600]: Intel Corporation Comet Lake-S 6c Host Bridge/DRAM Controller [8086:9b33] (rev 05)\n" +
        "IOMMU Group 1:\n" +
        "\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
        "\t03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
        "\t03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n" +
        "\n" +
        "\n" +
        "IOMMU Group 18:\n" +
        "\t07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
        "IOMMU Group 19:\n" +
        "\t07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n" +
        "\n" +
        "Ensure that the GPU and its associated devices are not grouped with other critical system devices.\n";

    [Fact]
    public void Parse_GuideLoopOutput_ReadsEveryDeviceUnderItsGroup()
    {
        var listing = IommuListing.Parse(GuideLoop);

        Assert.Empty(listing.Problems);
        Assert.Equal(
            ["0000:00:00.0", "0000:00:01.0", "0000:03:00.0", "0000:03:00.1", "0000:07:00.0", "0000:07:00.1"],
            listing.Entries.Select(e => e.Address.ToString()));
        Assert.Equal([0, 1, 1, 1, 18, 19], listing.Entries.Select(e => e.Group ?? -1));
        Assert.Equal([0, 1, 18, 19], listing.GroupNumbers);
        Assert.True(listing.HasGroups);
    }

    [Fact]
    public void Parse_NamesWithBrackets_TakesTheLastIdPairClassAndRevision()
    {
        var listing = IommuListing.Parse(GuideLoop);
        var gpu = listing.Find(PciAddress.Parse("03:00.0"))!;

        Assert.Equal("VGA compatible controller", gpu.ClassName);
        Assert.Equal("0300", gpu.ClassCode);
        Assert.Equal("1002", gpu.VendorId);
        Assert.Equal("73df", gpu.DeviceId);
        Assert.Equal("c0", gpu.Revision);
        Assert.Equal("Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]", gpu.Name);
        Assert.Equal(7, gpu.LineNumber);

        var audio = listing.Find(PciAddress.Parse("07:00.1"))!;
        Assert.Null(audio.Revision);
        Assert.Equal("1002:ab28", audio.VendorDevice);
        Assert.Equal("Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller", audio.Name);
    }

    [Fact]
    public void Parse_OneLineForm_ReadsGroupAndAddressWithOrWithoutDomain()
    {
        var listing = IommuListing.Parse(
            "$ for d in /sys/kernel/iommu_groups/*/devices/*; do n=${d#*/iommu_groups/*}; n=${n%%/*}; printf 'IOMMU Group %s ' \"$n\"; lspci -nns \"${d##*/}\"; done\n" +
            "IOMMU Group 18 0000:07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "IOMMU group 19 07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n" +
            "IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n");

        Assert.Empty(listing.Problems);
        Assert.Equal(["0000:07:00.0", "0000:07:00.1", "0000:00:01.0"], listing.Entries.Select(e => e.Address.ToString()));
        Assert.Equal([18, 19, 1], listing.Entries.Select(e => e.Group ?? -1));
        Assert.Equal("73ff", listing.Entries[0].DeviceId);
        Assert.Equal("c7", listing.Entries[0].Revision);
    }

    [Fact]
    public void Parse_LowerCaseHeaderWithTwoSpaceIndent_ReadsGroups()
    {
        var listing = IommuListing.Parse(
            "IOMMU group 0\n" +
            "  00:00.0 Host bridge [0600]: Intel Corporation Comet Lake-S 6c Host Bridge/DRAM Controller [8086:9b33] (rev 05)\n" +
            "IOMMU group 18\n" +
            "  07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "  07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n");

        Assert.Empty(listing.Problems);
        Assert.Equal([0, 18, 18], listing.Entries.Select(e => e.Group ?? -1));
        Assert.Equal("0600", listing.Entries[0].ClassCode);
    }

    [Fact]
    public void Parse_LspciNnk_AttachesDriverSubsystemAndModulesToTheDeviceAbove()
    {
        var listing = IommuListing.Parse(
            "$ lspci -nnk\n" +
            "00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
            "\tKernel driver in use: pcieport\n" +
            "03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
            "\tSubsystem: Sapphire Technology Limited Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1da2:e445]\n" +
            "\tKernel driver in use: amdgpu\n" +
            "\tKernel modules: amdgpu\n" +
            "07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n" +
            "\tDeviceName: Onboard - Sound\n" +
            "\tKernel driver in use: vfio-pci\n" +
            "\tKernel modules: snd_hda_intel, snd_sof_pci_intel_tgl\n" +
            "$ \n");

        Assert.Empty(listing.Problems);
        Assert.False(listing.HasGroups);
        Assert.All(listing.Entries, e => Assert.Null(e.Group));
        Assert.Equal(["pcieport", "amdgpu", "vfio-pci"], listing.Entries.Select(e => e.Driver));
        var gpu = listing.Entries[1];
        Assert.Equal("1da2", gpu.SubsystemVendorId);
        Assert.Equal("e445", gpu.SubsystemDeviceId);
        Assert.Equal(["amdgpu"], gpu.KernelModules);
        Assert.Equal(["snd_hda_intel", "snd_sof_pci_intel_tgl"], listing.Entries[2].KernelModules);
        Assert.Null(listing.Entries[0].SubsystemVendorId);
    }

    [Fact]
    public void Parse_DmarTreeWithRepeatedLines_KeepsEachDeviceOnceWithItsUnit()
    {
        var listing = IommuListing.Parse(
            "IOMMU: dmar0\n" +
            "  IOMMU Group: 1\n" +
            "    Group Device: 0000:00:01.0 - PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
            "    Group Device: 0000:03:00.0 - VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
            "    Group Device: 0000:00:01.0 - PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
            "    Group Device: 0000:03:00.0 - VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
            "\n" +
            "IOMMU: dmar1\n" +
            "  IOMMU Group: 18\n" +
            "    Group Device: 0000:07:00.0 - VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n");

        Assert.Empty(listing.Problems);
        Assert.Equal(["0000:00:01.0", "0000:03:00.0", "0000:07:00.0"], listing.Entries.Select(e => e.Address.ToString()));
        Assert.Equal([1, 1, 18], listing.Entries.Select(e => e.Group ?? -1));
        Assert.Equal(["dmar0", "dmar0", "dmar1"], listing.Entries.Select(e => e.IommuUnit));
        Assert.Equal(["dmar0", "dmar1"], listing.IommuUnits);
    }

    [Fact]
    public void Parse_LineCutOffInsideTheId_KeepsWhatIsReadableAndReportsTheLine()
    {
        const string cut = "  07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:a...";
        var listing = IommuListing.Parse(
            "IOMMU group 18\n" +
            "  07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            cut + "\n" +
            "IOMMU group 19\n" +
            "  08:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]\n");

        var audio = listing.Find(PciAddress.Parse("07:00.1"))!;
        Assert.Equal(18, audio.Group);
        Assert.Equal("0403", audio.ClassCode);
        Assert.Equal("1002", audio.VendorId);
        Assert.Null(audio.DeviceId);
        Assert.False(audio.HasIds);
        Assert.Null(audio.VendorDevice);
        Assert.Equal("Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller", audio.Name);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(3, problem.LineNumber);
        Assert.Equal(cut, problem.Line);
        Assert.Contains("cut off", problem.Message, StringComparison.Ordinal);
        // The listing goes on after the broken line.
        Assert.Equal(19, listing.Find(PciAddress.Parse("08:00.0"))!.Group);
    }

    [Fact]
    public void Parse_DeviceLineWithoutAnyId_IsReportedNotDropped()
    {
        var listing = IommuListing.Parse("IOMMU Group 3 00:02.0 VGA compatible controller [0300]: Intel Corporation Device\n");

        var entry = Assert.Single(listing.Entries);
        Assert.Null(entry.VendorId);
        Assert.Contains("no [vendor:device] ID", Assert.Single(listing.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameDeviceUnderTwoGroups_KeepsTheFirstAndReportsTheSecond()
    {
        var listing = IommuListing.Parse(
            "IOMMU Group 18 07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "IOMMU Group 20 07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n");

        Assert.Equal(18, Assert.Single(listing.Entries).Group);
        Assert.Contains("listed again under group 20", Assert.Single(listing.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProseAndPrompts_AreIgnoredAndEndTheGroupInForce()
    {
        var listing = IommuListing.Parse(
            "user@host:~$ ./iommu.sh\n" +
            "IOMMU Group 18:\n" +
            "\t07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "In this case the RX 6600 has two devices, 07:00.0 and 07:00.1.\n" +
            "  • 0000:07:00:0 Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M]\n" +
            "07:00.0 and 07:00.1 are in separate groups\n" +
            "03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n");

        Assert.Empty(listing.Problems);
        Assert.Equal(["0000:07:00.0", "0000:03:00.0"], listing.Entries.Select(e => e.Address.ToString()));
        Assert.Equal(18, listing.Entries[0].Group);
        Assert.Null(listing.Entries[1].Group);
    }

    [Fact]
    public void Parse_EmptyText_HasNoEntriesAndNoGroups()
    {
        var listing = IommuListing.Parse("");

        Assert.Empty(listing.Entries);
        Assert.Empty(listing.Problems);
        Assert.False(listing.HasGroups);
    }

    [Fact]
    public void WithDetailsFrom_LspciNnkOfTheSameMachine_AddsDriversAndKeepsGroups()
    {
        var groups = IommuListing.Parse(GuideLoop);
        var details = IommuListing.Parse(
            "03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
            "\tSubsystem: Sapphire Technology Limited Navi 22 [1da2:e445]\n" +
            "\tKernel driver in use: amdgpu\n" +
            "07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "\tKernel driver in use: vfio-pci\n" +
            "08:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]\n" +
            "\tKernel driver in use: nvme\n");

        var merged = groups.WithDetailsFrom(details);

        Assert.Equal(7, merged.Entries.Count);
        var host = merged.Find(PciAddress.Parse("03:00.0"))!;
        Assert.Equal((1, "amdgpu", "1da2", "e445"), (host.Group!.Value, host.Driver, host.SubsystemVendorId, host.SubsystemDeviceId));
        Assert.Equal((18, "vfio-pci"), (merged.Find(PciAddress.Parse("07:00.0"))!.Group!.Value, merged.Find(PciAddress.Parse("07:00.0"))!.Driver));
        Assert.Null(merged.Find(PciAddress.Parse("00:00.0"))!.Driver);
        var nvme = merged.Find(PciAddress.Parse("08:00.0"))!;
        Assert.Null(nvme.Group);
        Assert.Equal("nvme", nvme.Driver);
    }

    public static TheoryData<string, int, int, int> CorpusListings => new()
    {
        // file, distinct devices, distinct groups, problem lines — counted from each file by hand.
        { "64kramsystem-b450m-mortar-max-hd7450-shared-gtx960.txt", 41, 13, 1 },
        { "64kramsystem-z170-hd530-gtx960-rootport.txt", 20, 14, 0 },
        { "EthanZHF-xeon-server-483dev-dmar-tree-variant.txt", 483, 462, 0 },
        { "GRuuuuu-hgx-8x-h100-nvswitch-grep-nvidia.txt", 12, 10, 0 },
        { "MapManagement-b550-rx550-shared-chipset-rx6950xt-oneline.txt", 40, 25, 0 },
        { "OzzyHelix-x470-5700g-gtx970-gtx1060-split-audio.txt", 43, 35, 0 },
        { "OzzyHelix-x670e-rx7800xt-rtx2070s-split-groups.txt", 65, 57, 0 },
        { "ashtonian-alderlake-rx6700xt-rx560-groups.txt", 43, 36, 0 },
        { "ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt", 43, 0, 0 },
        { "asokolsky-atom-c3000-nas-aspeed-behind-bridge.txt", 24, 20, 0 },
        { "asokolsky-z370-uhd630-gt1030-lowercase-unsorted.txt", 21, 15, 0 },
        { "fanguohao-amd400chipset-gt720-shared-nic-rtx2080ti-partial.txt", 13, 2, 0 },
        { "joe-p-x570-1080ti-gt710-oneline.txt", 54, 39, 0 },
    };

    [Theory]
    [MemberData(nameof(CorpusListings))]
    public void Parse_CorpusListing_ReadsEveryDevice(string file, int devices, int groups, int problems)
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", file)));

        Assert.Equal(devices, listing.Entries.Count);
        Assert.Equal(groups, listing.GroupNumbers.Count);
        Assert.Equal(problems, listing.Problems.Count);
        Assert.Equal(devices - problems, listing.Entries.Count(e => e.HasIds));
        Assert.All(listing.Entries, e =>
        {
            Assert.Matches("^[0-9a-f]{4}$", e.ClassCode);
            Assert.False(string.IsNullOrWhiteSpace(e.ClassName));
            Assert.False(string.IsNullOrWhiteSpace(e.Name));
        });
        if (groups > 0) Assert.All(listing.Entries, e => Assert.NotNull(e.Group));
    }

    [Fact]
    public void CorpusListings_CoverEveryFileOfTheCorpus()
    {
        RepositoryPaths.RequireCorpus("iommu");
        var covered = CorpusListings.Select(row => row.Data.Item1).Order(StringComparer.Ordinal);

        Assert.Equal(RepositoryPaths.CorpusFileNames("iommu"), covered);
    }

    [Fact]
    public void Parse_B450mCutLine_KeepsTheDeviceInItsGroupAndReportsIt()
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "64kramsystem-b450m-mortar-max-hd7450-shared-gtx960.txt")));

        var audio = listing.Find(PciAddress.Parse("25:00.1"))!;
        Assert.Equal((11, "0403", "1002", (string?)null), (audio.Group!.Value, audio.ClassCode, audio.VendorId, audio.DeviceId));
        Assert.Equal(audio.LineNumber, Assert.Single(listing.Problems).LineNumber);
        Assert.Equal("1401", listing.Find(PciAddress.Parse("26:00.0"))!.DeviceId);
    }

    [Fact]
    public void Parse_EthanZhfTree_ReadsDomainsUnitsAndTheDuplicatedAspeedGroupOnce()
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "EthanZHF-xeon-server-483dev-dmar-tree-variant.txt")));

        Assert.Equal(20, listing.IommuUnits.Count);
        var vga = listing.Find(PciAddress.Parse("0000:03:00.0"))!;
        Assert.Equal((64, "1a03:2000", "52"), (vga.Group!.Value, vga.VendorDevice, vga.Revision));
        Assert.Equal([PciAddress.Parse("02:00.0"), PciAddress.Parse("03:00.0")], listing.Entries.Where(e => e.Group == 64).Select(e => e.Address));
    }

    [Fact]
    public void Parse_AshtonianLspciNnk_ReadsDriversAndSubsystems()
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "ashtonian-alderlake-rx6700xt-rx560-lspci-nnk.txt")));

        Assert.Equal(39, listing.Entries.Count(e => e.Driver is not null));
        Assert.Equal(25, listing.Entries.Count(e => e.SubsystemVendorId is not null));
        var rx560 = listing.Find(PciAddress.Parse("04:00.0"))!;
        Assert.Equal(("vfio-pci", "1462", "8a91"), (rx560.Driver, rx560.SubsystemVendorId, rx560.SubsystemDeviceId));
        Assert.Equal(["amdgpu"], rx560.KernelModules);
        Assert.Equal("amdgpu", listing.Find(PciAddress.Parse("03:00.0"))!.Driver);
        Assert.Equal("i915", listing.Find(PciAddress.Parse("00:02.0"))!.Driver);
    }

    [Fact]
    public void Parse_TheGuide_ReadsOnlyItsListing()
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireGuide()));

        Assert.Empty(listing.Problems);
        Assert.Equal(
            ["0000:00:00.0", "0000:00:01.0", "0000:01:00.0", "0000:02:00.0", "0000:03:00.0", "0000:03:00.1", "0000:07:00.0", "0000:07:00.1"],
            listing.Entries.Select(e => e.Address.ToString()));
        Assert.Equal([0, 1, 1, 1, 1, 1, 18, 19], listing.Entries.Select(e => e.Group ?? -1));
    }
}
