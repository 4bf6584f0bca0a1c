using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Topology;

/// <summary>Scans of real-looking hosts for the topology tests, each written as a host tree and read by the real scanner.</summary>
public static class TopologyHosts
{
    /// <summary>
    /// A B550 board (MapManagement's listing, cut to the chipset and the second card): the RX 550 at 04:00.0 sits behind
    /// the chipset's switch, in group 15 with the chipset's USB, SATA and the RTL8125 NIC.
    /// </summary>
    public const string B550Listing = """
        IOMMU Group 0 00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge [1022:1482]
        IOMMU Group 1 00:01.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
        IOMMU Group 2 00:01.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
        IOMMU Group 14 01:00.0 Non-Volatile memory controller [0108]: Phison Electronics Corporation E12 NVMe Controller [1987:5012] (rev 01)
        IOMMU Group 15 02:00.0 USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset USB 3.1 XHCI Controller [1022:43ee]
        IOMMU Group 15 02:00.1 SATA controller [0106]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset SATA Controller [1022:43eb]
        IOMMU Group 15 02:00.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset Switch Upstream Port [1022:43e9]
        IOMMU Group 15 03:00.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device [1022:43ea]
        IOMMU Group 15 03:08.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device [1022:43ea]
        IOMMU Group 15 04:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Lexa PRO [Radeon 540/540X/550/550X / RX 540X/550/550X] [1002:699f] (rev c7)
        IOMMU Group 15 04:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Baffin HDMI/DP Audio [Radeon RX 550 640SP / RX 560/560X] [1002:aae0]
        IOMMU Group 15 05:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)
        """;

    public static ScanReport GuideWorkstation()
    {
        using var host = new TemporaryHostRoot();
        SampleWorkstation.Build(host.Path);
        return new HostScanner(TimeProvider.System).Scan(host.Root);
    }

    public static ScanReport FromListing(string listing, bool? iommu = null, string hostName = "workstation")
    {
        using var host = new TemporaryHostRoot();
        HostTreeWriter.Write(host.Root, new HostTreeSpec { Listing = IommuListing.Parse(listing), IommuEnabled = iommu, HostName = hostName });
        return new HostScanner(TimeProvider.System).Scan(host.Root);
    }

    /// <summary>
    /// An Intel desktop laid out in sysfs as the kernel does it, each device below the bridges that lead to it: an
    /// RTX 3060 on the CPU's x16 port, an I225 NIC on chipset port 1c.4, and an empty chipset port 1c.0, which still
    /// takes bus 02 on a real host.
    /// </summary>
    public static ScanReport NestedIntelDesktop()
    {
        using var host = new TemporaryHostRoot();
        var root = host.Root;
        Device(root, "pci0000:00/0000:00:00.0", "8086", "9b33", "060000", group: 0);
        Device(root, "pci0000:00/0000:00:01.0", "8086", "1901", "060400", group: 1, driver: "pcieport");
        Device(root, "pci0000:00/0000:00:01.0/0000:01:00.0", "10de", "2504", "030000", group: 1, driver: "nvidia", bootVga: true);
        Device(root, "pci0000:00/0000:00:01.0/0000:01:00.1", "10de", "228e", "040300", group: 1, driver: "snd_hda_intel");
        Device(root, "pci0000:00/0000:00:02.0", "8086", "9bc5", "030000", group: 2, driver: "i915", bootVga: false);
        Device(root, "pci0000:00/0000:00:1c.0", "8086", "a394", "060400", group: 3, driver: "pcieport");
        Device(root, "pci0000:00/0000:00:1c.4", "8086", "a394", "060400", group: 4, driver: "pcieport");
        Device(root, "pci0000:00/0000:00:1c.4/0000:03:00.0", "8086", "15f3", "020000", group: 4, driver: "igc");
        Device(root, "pci0000:00/0000:00:17.0", "8086", "a382", "010601", group: 5, driver: "ahci");
        root.WriteText("proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz root=/dev/sda2 intel_iommu=on\n");
        root.WriteText("etc/hostname", "desktop\n");
        return new HostScanner(TimeProvider.System).Scan(root);
    }

    private static void Device(HostRoot root, string path, string vendor, string device, string @class, int group, string? driver = null, bool? bootVga = null)
    {
        var address = path[(path.LastIndexOf('/') + 1)..];
        var directory = $"sys/devices/{path}";
        root.WriteText($"{directory}/vendor", $"0x{vendor}\n");
        root.WriteText($"{directory}/device", $"0x{device}\n");
        root.WriteText($"{directory}/class", $"0x{@class}\n");
        if (bootVga is { } boot) root.WriteText($"{directory}/boot_vga", boot ? "1\n" : "0\n");
        if (driver is not null)
        {
            root.CreateDirectory($"sys/bus/pci/drivers/{driver}");
            root.CreateSymlink($"{directory}/driver", Up(directory) + $"bus/pci/drivers/{driver}");
        }
        root.CreateDirectory($"sys/kernel/iommu_groups/{group}/devices");
        root.CreateSymlink($"{directory}/iommu_group", Up(directory) + $"kernel/iommu_groups/{group}");
        root.CreateSymlink($"sys/kernel/iommu_groups/{group}/devices/{address}", $"../../../../devices/{path}");
        root.CreateSymlink($"sys/bus/pci/devices/{address}", $"../../../devices/{path}");
    }

    /// <summary>The way from a directory under sys/ back up to sys/.</summary>
    private static string Up(string directory) => string.Concat(Enumerable.Repeat("../", directory.Count(c => c == '/')));
}
