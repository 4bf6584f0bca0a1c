using System.Globalization;
using System.Text;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Benchmarks;

/// <summary>
/// A made-up host of about N PCI functions, as the one-line listing form prints it, written with the same tree
/// writer the tests use. Cards repeat in a fixed pattern behind root ports: GPUs (VGA + HDMI audio, some with
/// the port in their group), NVMe drives, dual-port NICs, and chipset groups that mix USB, SATA and a bridge.
/// Past 248 cards per domain the pattern goes on in the next PCI domain, as large servers do.
/// </summary>
public static class SyntheticHost
{
    private const int CardsPerDomain = 248;

    public static string ListingText(int deviceCount)
    {
        var text = new StringBuilder();
        var group = 0;
        var count = 0;
        Line(text, group++, new PciAddress(0, 0, 0, 0), "Host bridge [0600]: Intel Corporation Comet Lake-S 6c Host Bridge/DRAM Controller [8086:9b33] (rev 05)");
        count++;
        for (var card = 0; count < deviceCount; card++)
        {
            var domain = card / CardsPerDomain;
            var bus = card % CardsPerDomain + 1;
            // Root ports fill bus 0 of the domain: slots 1-31 × 8 functions: 248 ports per domain.
            var port = new PciAddress(domain, 0, card % CardsPerDomain / 8 + 1, card % 8);
            var endpoint = new PciAddress(domain, bus, 0, 0);
            switch (card % 4)
            {
                case 0:
                    // A GPU whose root port shares its group: ready (bridges do not count).
                    Line(text, group, port, "PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)");
                    Line(text, group, endpoint, "VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M] [1002:73ff] (rev c7)");
                    Line(text, group++, endpoint with { Function = 1 }, "Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]");
                    count += 3;
                    break;
                case 1:
                    Line(text, group++, port, "PCI bridge [0604]: Intel Corporation Comet Lake PCI Express Root Port #9 [8086:06b0] (rev f0)");
                    Line(text, group++, endpoint, "Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]");
                    count += 2;
                    break;
                case 2:
                    Line(text, group++, port, "PCI bridge [0604]: Intel Corporation Comet Lake PCI Express Root Port #5 [8086:06bc] (rev f0)");
                    Line(text, group++, endpoint, "Ethernet controller [0200]: Intel Corporation I350 Gigabit Network Connection [8086:1521] (rev 01)");
                    Line(text, group++, endpoint with { Function = 1 }, "Ethernet controller [0200]: Intel Corporation I350 Gigabit Network Connection [8086:1521] (rev 01)");
                    count += 3;
                    break;
                default:
                    // A chipset group: USB, SATA and a GPU behind the same bridge, as on AMD 400/500 boards: shared-group.
                    Line(text, group, port, "PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] 400 Series Chipset PCIe Bridge [1022:43c6] (rev 01)");
                    Line(text, group, endpoint, "USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] 400 Series Chipset USB 3.1 XHCI Controller [1022:43d5] (rev 01)");
                    Line(text, group, endpoint with { Function = 1 }, "SATA controller [0106]: Advanced Micro Devices, Inc. [AMD] 400 Series Chipset SATA Controller [1022:43c8] (rev 01)");
                    Line(text, group++, endpoint with { Slot = 1 }, "VGA compatible controller [0300]: NVIDIA Corporation GK208B [GeForce GT 720] [10de:1288] (rev a1)");
                    count += 4;
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Writes the host under <paramref name="directory"/> (an empty directory), with this machine's pci.ids so names resolve as lspci's do.</summary>
    public static WrittenHostTree Write(string directory, int deviceCount)
    {
        var root = new HostRoot(directory);
        var written = HostTreeWriter.Write(root, new HostTreeSpec
        {
            Listing = IommuListing.Parse(ListingText(deviceCount)),
            HostName = $"synthetic-{deviceCount}",
            LogicalCpus = 16,
            KernelCommandLine = "root=/dev/nvme0n1p2 rw quiet intel_iommu=on iommu=pt",
        });
        if (HostRoot.Default.TryReadText("usr/share/misc/pci.ids") is { } names) root.WriteText("usr/share/misc/pci.ids", names);
        return written;
    }

    private static void Line(StringBuilder text, int group, PciAddress address, string description) =>
        text.Append(CultureInfo.InvariantCulture, $"IOMMU Group {group} {address} {description}\n");
}
