using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>Fixture hosts for step 4: an Intel iGPU for the host and a two-function card (VGA + HDMI audio) for the guest, scanned for real.</summary>
public static class VmHosts
{
    public const string RomPath = "/var/lib/libvirt/vbios/card.rom";

    /// <summary>The card's display function on a host whose card sits on <paramref name="bus"/>.</summary>
    public static PciAddress Gpu(int bus) => new(0, bus, 0, 0);

    public static PciAddress Audio(int bus) => new(0, bus, 0, 1);

    /// <summary>Writes the host tree and scans it; the card is bound to vfio-pci when <paramref name="isolated"/>.</summary>
    public static ScanReport Scan(TemporaryHostRoot host, int bus = 0x2d, bool isolated = true)
    {
        var b = bus.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
        var listing = $"""
            IOMMU Group 0:
            	00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)
            IOMMU Group 1:
            	00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]
            IOMMU Group 2:
            	00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)
            	{b}:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)
            	{b}:00.1 Audio device [0403]: NVIDIA Corporation GA104 High Definition Audio Controller [10de:228b] (rev a1)
            """;
        var driver = isolated ? "vfio-pci" : "nvidia";
        HostTreeWriter.Write(host.Root, new HostTreeSpec
        {
            Listing = IommuListing.Parse(listing),
            HostName = "vm-host",
            CpuVendor = CpuVendor.Intel,
            KernelCommandLine = "BOOT_IMAGE=/boot/vmlinuz root=/dev/nvme0n1p2 ro quiet intel_iommu=on iommu=pt",
            IommuEnabled = true,
            BootVga = new PciAddress(0, 0, 2, 0),
            Drivers = new Dictionary<PciAddress, string>
            {
                [new(0, 0, 2, 0)] = "i915",
                [Gpu(bus)] = driver,
                [Audio(bus)] = isolated ? "vfio-pci" : "snd_hda_intel",
            },
            Files = new Dictionary<string, string> { [RomPath.TrimStart('/')] = "ROM" },
        });
        return new HostScanner(TimeProvider.System).Scan(host.Root);
    }
}
