using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Isolation;

/// <summary>Host trees for step 3's tests, written by the demo tree writer from lspci-style listings, plus disks, routes and kernels.</summary>
public static class IsolationHosts
{
    /// <summary>The guide's own /etc/modprobe.d/vfio.conf, with its mistakes.</summary>
    public const string GuideVfioConf = "softdep amdgpu pre: vfio-pci\noptions vfio-pci ids=1002:73ff,1002:ab28 disable_vga=1 kvm.ignore_msrs=1\n";

    /// <summary>An Intel iGPU (boot display) and an RTX 2080 Ti with four functions: every ID is unique.</summary>
    public const string NvidiaListing = """
        IOMMU Group 0:
        	00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)
        IOMMU Group 1:
        	00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)
        	01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU102 [GeForce RTX 2080 Ti Rev. A] [10de:1e07] (rev a1)
        	01:00.1 Audio device [0403]: NVIDIA Corporation TU102 High Definition Audio Controller [10de:10f7] (rev a1)
        	01:00.2 USB controller [0c03]: NVIDIA Corporation TU102 USB 3.1 Host Controller [10de:1ad6] (rev a1)
        	01:00.3 Serial bus controller [0c80]: NVIDIA Corporation TU102 USB Type-C UCSI Controller [10de:1ad7] (rev a1)
        IOMMU Group 2:
        	00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]
        IOMMU Group 3:
        	00:14.0 USB controller [0c03]: Intel Corporation Cannon Lake PCH USB 3.1 xHCI Host Controller [8086:a36d] (rev 10)
        IOMMU Group 4:
        	00:1f.3 Audio device [0403]: Intel Corporation Cannon Lake PCH cAVS [8086:a348] (rev 10)
        IOMMU Group 5:
        	03:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]
        IOMMU Group 6:
        	04:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network Connection [8086:1539] (rev 03)
        """;

    public static PciAddress NvidiaGpu { get; } = new(0, 1, 0, 0);
    public static PciAddress IntelGpu { get; } = new(0, 0, 2, 0);
    public static PciAddress Nvme { get; } = new(0, 3, 0, 0);
    public static PciAddress Ethernet { get; } = new(0, 4, 0, 0);

    public static HostTreeSpec NvidiaSpec => new()
    {
        Listing = IommuListing.Parse(NvidiaListing),
        HostName = "nvidia-workstation",
        CpuVendor = CpuVendor.Intel,
        KernelCommandLine = "BOOT_IMAGE=/boot/vmlinuz root=/dev/nvme0n1p2 ro quiet intel_iommu=on iommu=pt",
        IommuEnabled = true,
        BootVga = IntelGpu,
        Drivers = new Dictionary<PciAddress, string>
        {
            [new(0, 0, 1, 0)] = "pcieport",
            [NvidiaGpu] = "nvidia",
            [NvidiaGpu with { Function = 1 }] = "snd_hda_intel",
            [NvidiaGpu with { Function = 2 }] = "xhci_hcd",
            [NvidiaGpu with { Function = 3 }] = "nvidia-gpu",
            [IntelGpu] = "i915",
            [new(0, 0, 0x14, 0)] = "xhci_hcd",
            [new(0, 0, 0x1f, 3)] = "snd_hda_intel",
            [Nvme] = "nvme",
            [Ethernet] = "igb",
        },
    };

    /// <summary>One NVIDIA card and nothing else to display on: the firmware boots on it.</summary>
    public const string SingleGpuListing = """
        IOMMU Group 0:
        	00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex [1022:1480]
        IOMMU Group 1:
        	00:03.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
        	0a:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)
        	0a:00.1 Audio device [0403]: NVIDIA Corporation GA104 High Definition Audio Controller [10de:228b] (rev a1)
        """;

    /// <summary>A card behind the chipset, in one group with the NVMe controller the host boots from and its network card.</summary>
    public const string SharedGroupListing = """
        IOMMU Group 0:
        	00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex [1022:1480]
        IOMMU Group 1:
        	00:08.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Cezanne [Radeon Vega Series / Radeon Vega Mobile Series] [1002:1638] (rev c8)
        IOMMU Group 13:
        	00:01.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
        	02:00.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Matisse Switch Upstream [1022:57ad]
        	03:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]
        	04:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)
        	05:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP107 [GeForce GTX 1050 Ti] [10de:1c82] (rev a1)
        	05:00.1 Audio device [0403]: NVIDIA Corporation GP107GL High Definition Audio Controller [10de:0fb9] (rev a1)
        """;

    public static HostRoot Guide(TestSupport.TemporaryHostRoot host, string? vfioConf = GuideVfioConf)
    {
        var root = SampleWorkstation.Build(host.Path);
        if (vfioConf is not null) root.WriteText("etc/modprobe.d/vfio.conf", vfioConf);
        return root;
    }

    public static HostRoot Write(TestSupport.TemporaryHostRoot host, HostTreeSpec spec)
    {
        HostTreeWriter.Write(host.Root, spec);
        return host.Root;
    }

    public static ScanReport Scan(HostRoot root) => new HostScanner(TimeProvider.System).Scan(root);

    /// <summary>Mounts / from partition 2 of the NVMe disk at ADDRESS, with the sysfs links the kernel makes.</summary>
    public static void RootOnNvme(HostRoot root, PciAddress controller)
    {
        var disk = $"devices/pci{controller.Domain:x4}:00/{controller}/nvme/nvme0/nvme0n1";
        root.WriteText($"sys/{disk}/dev", "259:0\n");
        root.WriteText($"sys/{disk}/nvme0n1p2/partition", "2\n");
        root.WriteText($"sys/{disk}/nvme0n1p2/dev", "259:2\n");
        root.CreateSymlink("sys/dev/block/259:2", $"../../{disk}/nvme0n1p2");
        root.CreateSymlink("sys/class/block/nvme0n1p2", $"../../{disk}/nvme0n1p2");
        root.CreateSymlink("sys/class/block/nvme0n1", $"../../{disk}");
        root.WriteText("proc/self/mountinfo",
            "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n" +
            "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n");
    }

    /// <summary>The default route through a bridge br0 whose port is the NIC at ADDRESS.</summary>
    public static void DefaultRouteVia(HostRoot root, PciAddress nic, string name)
    {
        var device = $"devices/pci{nic.Domain:x4}:00/{nic}";
        root.CreateDirectory($"sys/{device}/net/{name}");
        root.CreateSymlink($"sys/{device}/net/{name}/device", "../../../" + nic);
        root.CreateSymlink($"sys/class/net/{name}", $"../../{device}/net/{name}");
        root.CreateDirectory("sys/devices/virtual/net/br0/brif");
        root.CreateSymlink($"sys/devices/virtual/net/br0/brif/{name}", $"../../../../pci{nic.Domain:x4}:00/{nic}/net/{name}/brport");
        root.CreateSymlink("sys/class/net/br0", "../../devices/virtual/net/br0");
        root.WriteText("proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
            "br0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n" +
            "br0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
    }

    /// <summary>A kernel version directory; with <paramref name="builtinVfioPci"/> its modules.builtin lists vfio-pci.</summary>
    public static void Kernel(HostRoot root, string version, bool builtinVfioPci = false)
    {
        root.CreateDirectory($"lib/modules/{version}/kernel");
        if (builtinVfioPci)
            root.WriteText($"lib/modules/{version}/modules.builtin", "kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/vfio_iommu_type1.ko\nkernel/drivers/vfio/pci/vfio-pci-core.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n");
    }
}
