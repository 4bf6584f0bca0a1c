using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Tests.Import;
using System.Text;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Demo;

public sealed class HostTreeWriterTests
{
    private static IommuListing Guide => SampleWorkstation.Listing;

    [Fact]
    public async Task Write_GuideListing_LspciListsEveryDeviceWithItsClassIdsAndRevision()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = Guide });

        var result = await Lspci.RunOnTreeAsync(host.Path, ["-nn"], TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Summary(Guide.Entries), Summary(IommuListing.Parse(result.StandardOutput).Entries));
        Assert.Contains("03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_GuideListing_LspciWithDomainsShowsDomainZero()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = Guide });

        var result = await Lspci.RunOnTreeAsync(host.Path, ["-D", "-nn"], TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Guide.Entries.Select(e => e.Address.ToString()).Order(StringComparer.Ordinal), lines.Select(l => l[..12]));
    }

    [Fact]
    public async Task Write_DriversFromSpec_LspciNnkShowsKernelDriverInUse()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec
        {
            Listing = Guide,
            Drivers = new Dictionary<PciAddress, string>
            {
                [PciAddress.Parse("03:00.0")] = "amdgpu",
                [PciAddress.Parse("07:00.0")] = "vfio-pci",
                [PciAddress.Parse("03:00.1")] = "snd_hda_intel",
            },
        });

        var result = await Lspci.RunOnTreeAsync(host.Path, ["-nnk"], TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var read = IommuListing.Parse(result.StandardOutput);
        Assert.Equal("amdgpu", read.Find(PciAddress.Parse("03:00.0"))!.Driver);
        Assert.Equal("vfio-pci", read.Find(PciAddress.Parse("07:00.0"))!.Driver);
        Assert.Equal("snd_hda_intel", read.Find(PciAddress.Parse("03:00.1"))!.Driver);
        Assert.Null(read.Find(PciAddress.Parse("07:00.1"))!.Driver);
    }

    [Theory]
    [MemberData(nameof(IommuListingTests.CorpusListings), MemberType = typeof(IommuListingTests))]
    public async Task Write_CorpusListing_LspciReadsBackTheListing(string file, int devices, int groups, int problems)
    {
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", file)));
        using var host = new TemporaryHostRoot();

        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing });
        var plain = await Lspci.RunOnTreeAsync(host.Path, ["-nn"], TestContext.Current.CancellationToken);
        var withDomains = await Lspci.RunOnTreeAsync(host.Path, ["-D", "-nnk"], TestContext.Current.CancellationToken);

        Assert.Equal(devices - problems, written.Devices.Count);
        Assert.Equal(problems, written.Skipped.Count);
        Assert.True(plain.Succeeded, plain.StandardError);
        var complete = listing.Entries.Where(e => e.HasIds).ToList();
        Assert.Equal(Summary(complete), Summary(IommuListing.Parse(plain.StandardOutput).Entries));
        var detailed = IommuListing.Parse(withDomains.StandardOutput);
        Assert.Equal(Summary(complete), Summary(detailed.Entries));
        Assert.All(detailed.Entries, e => Assert.Equal(listing.Find(e.Address)!.Driver, e.Driver));
        Assert.Equal(groups, host.Root.ListNames("sys/kernel/iommu_groups").Count);
    }

    [Fact]
    public void Write_GuideListing_LaysOutDevicesAsSysfsDoes()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec
        {
            Listing = Guide,
            Drivers = new Dictionary<PciAddress, string> { [PciAddress.Parse("03:00.0")] = "amdgpu" },
            ResetMethods = new Dictionary<PciAddress, IReadOnlyList<string>> { [PciAddress.Parse("07:00.0")] = ["flr", "bus"] },
            DriverOverrides = new Dictionary<PciAddress, string> { [PciAddress.Parse("07:00.1")] = "vfio-pci" },
        });
        var device = "sys/devices/pci0000:00/0000:03:00.0";

        Assert.Equal("0x1002\n", File.ReadAllText(host.Combine(device + "/vendor")));
        Assert.Equal("0x73df\n", File.ReadAllText(host.Combine(device + "/device")));
        Assert.Equal("0x030000\n", File.ReadAllText(host.Combine(device + "/class")));
        Assert.Equal("0xc0\n", File.ReadAllText(host.Combine(device + "/revision")));
        Assert.Equal("(null)\n", File.ReadAllText(host.Combine(device + "/driver_override")));
        Assert.Equal("vfio-pci\n", File.ReadAllText(host.Combine("sys/devices/pci0000:00/0000:07:00.1/driver_override")));
        Assert.Equal("flr bus\n", File.ReadAllText(host.Combine("sys/devices/pci0000:00/0000:07:00.0/reset_method")));
        Assert.False(File.Exists(host.Combine(device + "/reset_method")));
        Assert.NotEmpty(File.ReadAllText(host.Combine(device + "/irq")).Trim());
        Assert.Equal(13, File.ReadAllLines(host.Combine(device + "/resource")).Length);

        var config = File.ReadAllBytes(host.Combine(device + "/config"));
        Assert.Equal(64, config.Length);
        Assert.Equal(new byte[] { 0x02, 0x10, 0xdf, 0x73 }, config[..4]);
        Assert.Equal(new byte[] { 0xc0, 0x00, 0x00, 0x03 }, config[8..12]);
        Assert.Equal(0x80, config[0x0e]); // multi-function: 03:00.0 and 03:00.1
        Assert.Equal(0x01, File.ReadAllBytes(host.Combine("sys/devices/pci0000:00/0000:00:01.0/config"))[0x0e]);

        Assert.Equal("../../../devices/pci0000:00/0000:03:00.0", new FileInfo(host.Combine("sys/bus/pci/devices/0000:03:00.0")).LinkTarget);
        Assert.Equal("../../../bus/pci/drivers/amdgpu", new FileInfo(host.Combine(device + "/driver")).LinkTarget);
        Assert.True(Directory.Exists(host.Combine("sys/bus/pci/drivers/amdgpu")));
        Assert.Equal("../../../kernel/iommu_groups/1", new FileInfo(host.Combine(device + "/iommu_group")).LinkTarget);
        Assert.Equal("../../../../devices/pci0000:00/0000:03:00.0", new FileInfo(host.Combine("sys/kernel/iommu_groups/1/devices/0000:03:00.0")).LinkTarget);
        Assert.Equal(SymlinkState.Present, host.Root.ReadSymlink("sys/bus/pci/devices/0000:03:00.0/iommu_group").State);
        Assert.Equal(SymlinkState.Present, host.Root.ReadSymlink("sys/bus/pci/devices/0000:03:00.0/driver").State);
        Assert.Equal(SymlinkState.Missing, host.Root.ReadSymlink("sys/bus/pci/devices/0000:07:00.0/driver").State);
        Assert.Equal(["0", "1", "18", "19"], host.Root.ListNames("sys/kernel/iommu_groups").Order(StringComparer.Ordinal));
        Assert.Equal(
            ["0000:00:01.0", "0000:01:00.0", "0000:02:00.0", "0000:03:00.0", "0000:03:00.1"],
            host.Root.ListNames("sys/kernel/iommu_groups/1/devices"));
    }

    [Fact]
    public void Write_BootVga_OnlyVgaControllersHaveTheFileAndTheChosenOneSaysOne()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = Guide, BootVga = PciAddress.Parse("07:00.0") });

        Assert.Equal("0\n", host.Root.TryReadText("sys/bus/pci/devices/0000:03:00.0/boot_vga"));
        Assert.Equal("1\n", host.Root.TryReadText("sys/bus/pci/devices/0000:07:00.0/boot_vga"));
        Assert.Null(host.Root.TryReadText("sys/bus/pci/devices/0000:03:00.1/boot_vga"));
        Assert.Null(host.Root.TryReadText("sys/bus/pci/devices/0000:00:01.0/boot_vga"));
    }

    [Fact]
    public void Write_NoBootVgaGiven_TheFirstVgaControllerIsTheBootDisplay()
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = Guide });

        Assert.Equal("1\n", host.Root.TryReadText("sys/bus/pci/devices/0000:03:00.0/boot_vga"));
        Assert.Equal("0\n", host.Root.TryReadText("sys/bus/pci/devices/0000:07:00.0/boot_vga"));
    }

    [Fact]
    public void Write_IntelHostBridge_WritesAnIntelCpuWithVmxDmarAndDmar0()
    {
        using var host = new TemporaryHostRoot();
        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec
        {
            Listing = Guide,
            LogicalCpus = 12,
            KernelCommandLine = "root=/dev/nvme0n1p2 rw intel_iommu=on iommu=pt",
            HostName = "guide-host",
        });

        Assert.Equal(CpuVendor.Intel, written.CpuVendor);
        Assert.Contains("0000:00:00.0", written.CpuVendorSource, StringComparison.Ordinal);
        var cpu = CpuInfoReader.Parse(host.Root.TryReadText("proc/cpuinfo")!);
        Assert.Equal((CpuVendor.Intel, true, false, 12), (cpu.Vendor, cpu.Virtualization, cpu.Hypervisor, cpu.LogicalCpus));
        Assert.Equal(["dmar0"], host.Root.ListNames("sys/class/iommu"));
        Assert.True(host.Root.DirectoryExists("sys/class/iommu/dmar0"));
        Assert.Equal("root=/dev/nvme0n1p2 rw intel_iommu=on iommu=pt\n", host.Root.TryReadText("proc/cmdline"));
        Assert.Equal("guide-host\n", host.Root.TryReadText("etc/hostname"));
        Assert.Equal("identity\n", host.Root.TryReadText("sys/kernel/iommu_groups/18/type"));
        var dmar = File.ReadAllBytes(host.Combine("sys/firmware/acpi/tables/DMAR"));
        Assert.Equal("DMAR", Encoding.ASCII.GetString(dmar, 0, 4));
        Assert.Equal(dmar.Length, BitConverter.ToInt32(dmar, 4));
        Assert.Equal(0, dmar.Sum(b => b) % 256);
        Assert.False(File.Exists(host.Combine("sys/firmware/acpi/tables/IVRS")));
    }

    [Fact]
    public void Write_AmdHostBridgeWithoutVirtualization_WritesAnAmdCpuWithoutSvmAndIvrs()
    {
        var listing = IommuListing.Parse(
            "IOMMU Group 0 00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex [1022:1480]\n" +
            "IOMMU Group 1 0a:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n");
        using var host = new TemporaryHostRoot();

        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing, HardwareVirtualization = false, Hypervisor = true });

        Assert.Equal(CpuVendor.Amd, written.CpuVendor);
        var cpu = CpuInfoReader.Parse(host.Root.TryReadText("proc/cpuinfo")!);
        Assert.Equal((CpuVendor.Amd, false, true), (cpu.Vendor, cpu.Virtualization, cpu.Hypervisor));
        Assert.Equal(["ivhd0"], host.Root.ListNames("sys/class/iommu"));
        Assert.True(File.Exists(host.Combine("sys/firmware/acpi/tables/IVRS")));
        Assert.Equal("DMA-FQ\n", host.Root.TryReadText("sys/kernel/iommu_groups/1/type"));
    }

    [Fact]
    public void Write_ListingWithoutGroups_WritesNoGroupsAndNoIommuUnits()
    {
        var listing = IommuListing.Parse(
            "03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c0)\n" +
            "\tKernel driver in use: amdgpu\n");
        using var host = new TemporaryHostRoot();

        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing });

        Assert.False(written.IommuEnabled);
        Assert.Empty(host.Root.ListNames("sys/kernel/iommu_groups"));
        Assert.Empty(host.Root.ListNames("sys/class/iommu"));
        Assert.Equal(SymlinkState.Missing, host.Root.ReadSymlink("sys/bus/pci/devices/0000:03:00.0/iommu_group").State);
        Assert.Equal(SymlinkState.Present, host.Root.ReadSymlink("sys/bus/pci/devices/0000:03:00.0/driver").State);
        Assert.Equal(CpuVendor.Intel, written.CpuVendor);
        Assert.StartsWith("assumed", written.CpuVendorSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IommuTurnedOff_WritesNoGroupsButKeepsTheFirmwareTable()
    {
        using var host = new TemporaryHostRoot();

        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = Guide, IommuEnabled = false });

        Assert.Empty(host.Root.ListNames("sys/kernel/iommu_groups"));
        Assert.Empty(host.Root.ListNames("sys/class/iommu"));
        Assert.Contains("DMAR", host.Root.ListNames("sys/firmware/acpi/tables"));
    }

    [Fact]
    public void Write_EntryCutOffBeforeItsId_IsSkippedAndReported()
    {
        var listing = IommuListing.Parse(
            "IOMMU group 18\n" +
            "  07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)\n" +
            "  07:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:a...\n");
        using var host = new TemporaryHostRoot();

        var written = HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = listing });

        Assert.Equal([PciAddress.Parse("07:00.0")], written.Devices);
        Assert.Contains("0000:07:00.1 (line 3)", Assert.Single(written.Skipped), StringComparison.Ordinal);
        Assert.Equal(["0000:07:00.0"], host.Root.ListNames("sys/bus/pci/devices"));
    }

    private static List<string> Summary(IEnumerable<IommuListingEntry> entries) =>
        entries.Select(e => $"{e.Address} [{e.ClassCode}] {e.VendorDevice} rev {e.Revision ?? "00"}").Order(StringComparer.Ordinal).ToList();
}
