using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Import;

public sealed class ListingImporterTests
{
    private static readonly DateTimeOffset ImportedAt = new(2026, 12, 7, 11, 0, 0, TimeSpan.Zero);

    // The guide's loop on the guide's workstation: the RX 6600 alone in groups 18/19, the RX 6750 XT with its root port.
    private const string GuideLoop =
        "$ ./iommu.sh\n" +
        "IOMMU Group 0:\n" +
        "\t00:00.0 Host bridge [0600]: Intel Corporation Comet Lake-S 6c Host Bridge/DRAM Controller [8086:9b33] (rev 05)\n" +
        "IOMMU Group 1:\n" +
        "\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
        "\t03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
        "\t03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n" +
        "IOMMU Group 12:\n" +
        "\t00:17.0 SATA controller [0106]: Intel Corporation Comet Lake SATA AHCI Controller [8086:06d2]\n" +
        "\t05:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller I225-V [8086:15f3] (rev 02)\n" +
        "\t06:00.0 VGA compatible controller [0300]: NVIDIA Corporation GK208B [GeForce GT 710] [10de:128b] (rev a1)\n" +
        "IOMMU Group 18:\n" +
        "\t07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
        "IOMMU Group 19:\n" +
        "\t07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]\n";

    private const string LspciNnk =
        "00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex [1022:1480]\n" +
        "\tSubsystem: ASUSTeK Computer Inc. Device [1043:87c0]\n" +
        "0a:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2070 SUPER] [10de:1e84] (rev a1)\n" +
        "\tSubsystem: eVga.com. Corp. Device [3842:3172]\n" +
        "\tKernel driver in use: vfio-pci\n" +
        "\tKernel modules: nouveau\n" +
        "0a:00.1 Audio device [0403]: NVIDIA Corporation TU104 HD Audio Controller [10de:10f8] (rev a1)\n" +
        "\tKernel driver in use: vfio-pci\n" +
        "\tKernel modules: snd_hda_intel\n" +
        "0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
        "\tKernel driver in use: amdgpu\n" +
        "\tKernel modules: amdgpu\n";

    private const string LspciNn =
        "00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)\n" +
        "00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]\n" +
        "01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 [GeForce GT 1030] [10de:1d01] (rev a1)\n" +
        "01:00.1 Audio device [0403]: NVIDIA Corporation GP108 High Definition Audio Controller [10de:0fb8] (rev a1)\n";

    private static ScanReport Imported(string text, string name = "gpu-node-017")
    {
        var result = ListingImporter.Import(text, name, ImportedAt, "listing.txt");
        Assert.Null(result.Error);
        return result.Report!;
    }

    private static GpuAssessment Gpu(ScanReport report, string address) => report.Gpus.Single(g => g.Address == PciAddress.Parse(address));

    [Fact]
    public void Import_GuideLoop_JudgesEveryCardFromItsGroups()
    {
        var report = Imported(GuideLoop);

        Assert.Equal(ListingFormat.IommuGroups, report.Import!.Format);
        Assert.Equal("gpu-node-017", report.HostName);
        Assert.Equal(ListingImporter.ImportedRoot, report.Root);
        Assert.True(report.Iommu.Enabled);
        Assert.Equal(5, report.Iommu.GroupCount);
        Assert.Equal(GpuVerdict.Ready, Gpu(report, "03:00.0").Verdict);
        Assert.Equal(GpuVerdict.Ready, Gpu(report, "07:00.0").Verdict);
        Assert.Equal([18, 19], Gpu(report, "07:00.0").Groups);
        var gt710 = Gpu(report, "06:00.0");
        Assert.Equal(GpuVerdict.SharedGroup, gt710.Verdict);
        Assert.Equal(["0000:00:17.0", "0000:05:00.0"], gt710.GroupMates.Select(a => a.ToString()));
        Assert.Contains(gt710.Notes, n => n.Contains("storage controller", StringComparison.Ordinal));
        Assert.All(report.Gpus, g => Assert.Contains(g.Reasons, r => r.StartsWith("Judged from the imported listing's IOMMU groups only", StringComparison.Ordinal)));
        Assert.Equal(CpuVendor.Intel, report.Cpu.Vendor);
        Assert.Equal("listing.txt", report.Import.SourceName);
        Assert.Contains(report.Import.Unknowns, u => u.Contains("boot_vga", StringComparison.Ordinal));
        Assert.Contains(report.Import.Unknowns, u => u.StartsWith("The drivers in use", StringComparison.Ordinal));
        Assert.Empty(report.Import.Problems);
    }

    [Fact]
    public void Import_LspciNnk_KeepsDriversButCallsEveryVerdictUnknown()
    {
        var report = Imported(LspciNnk);

        Assert.Equal(ListingFormat.LspciNnk, report.Import!.Format);
        Assert.False(report.Iommu.Enabled);
        Assert.Empty(report.Groups);
        Assert.Equal([GpuVerdict.Unknown, GpuVerdict.Unknown], report.Gpus.Select(g => g.Verdict));
        Assert.All(report.Gpus, g => Assert.Empty(g.Groups));
        Assert.Contains("no IOMMU groups", Gpu(report, "0a:00.0").Reasons.Single(), StringComparison.Ordinal);
        Assert.Equal("vfio-pci", report.FindDevice(PciAddress.Parse("0a:00.0"))!.Driver);
        Assert.Equal(("3842", "3172"), (report.FindDevice(PciAddress.Parse("0a:00.0"))!.SubsystemVendorId, report.FindDevice(PciAddress.Parse("0a:00.0"))!.SubsystemDeviceId));
        Assert.Contains(Gpu(report, "0a:00.0").Notes, n => n.Contains("already bound to vfio-pci", StringComparison.Ordinal));
        Assert.Equal(CpuVendor.Amd, report.Cpu.Vendor);
        Assert.StartsWith("IOMMU groups and whether the IOMMU is on", report.Import.Unknowns[0], StringComparison.Ordinal);
        Assert.DoesNotContain(report.Import.Unknowns, u => u.StartsWith("The drivers in use", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_LspciNn_NeverReadyWithoutGroupsAndSaysDriversAreUnknown()
    {
        var report = Imported(LspciNn);

        Assert.Equal(ListingFormat.LspciNn, report.Import!.Format);
        Assert.Equal(["0000:00:02.0", "0000:01:00.0"], report.Gpus.Select(g => g.Address.ToString()));
        Assert.All(report.Gpus, g => Assert.Equal(GpuVerdict.Unknown, g.Verdict));
        Assert.Equal(["0000:01:00.0", "0000:01:00.1"], Gpu(report, "01:00.0").Functions.Select(a => a.ToString()));
        Assert.All(report.Devices, d => Assert.Null(d.Driver));
        Assert.Contains(report.Import.Unknowns, u => u.Contains("lspci -nn does not print them", StringComparison.Ordinal));
        Assert.Contains("whether the IOMMU is on", report.Iommu.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_LineCutInsideItsId_LeavesTheDeviceOutAndSaysSo()
    {
        var report = Imported(LspciNn + "02:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:81...\n");

        Assert.Null(report.FindDevice(PciAddress.Parse("02:00.0")));
        Assert.Contains(report.Import!.Problems, p => p.Contains("0000:02:00.0 (line 5) is left out", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "The listing is empty")]
    [InlineData("   \n\t\n", "The listing is empty")]
    [InlineData("Linux workstation 6.12.4-arch1-1 #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n", "not a device listing")]
    [InlineData("\u007fELF\u0002\u0001\u0001\0\0\0\0\0\0\0\0\0\u0003\0>\0", "binary data")]
    [InlineData("01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 [GeForce GT 1030] [10de:1d...\n", "cut off")]
    public void Import_NotAListing_RefusesWithAReason(string text, string reason)
    {
        var result = ListingImporter.Import(text, "gpu-node-017", ImportedAt);

        Assert.Null(result.Report);
        Assert.Contains(reason, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TextLongerThanAnyListing_IsRefusedUnread()
    {
        var huge = string.Concat(Enumerable.Repeat(LspciNn, ListingImporter.MaxCharacters / LspciNn.Length + 1));

        var result = ListingImporter.Import(huge, "gpu-node-017", ImportedAt);

        Assert.Null(result.Report);
        Assert.Contains("a listing is far shorter", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpu node")]
    [InlineData("../etc")]
    [InlineData("-workstation")]
    public void Import_BadHostName_IsRefused(string name)
    {
        var result = ListingImporter.Import(LspciNn, name, ImportedAt);

        Assert.Null(result.Report);
        Assert.Contains("is not a host name", result.Error!.Message, StringComparison.Ordinal);
    }
}
