using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Drift;

/// <summary>
/// Hand-built profiles of <c>gpu-node-017</c>: an Intel iGPU for the host, a Sapphire RX 6700 XT (1002:73df, its HDMI
/// audio 1002:ab28) for the VM at 0000:03:00.0 in IOMMU group 14 of its own, and what a later scan finds after a card
/// moved, a firmware update, or another card in the slot.
/// </summary>
public static class DriftHosts
{
    public static readonly PciAddress Card = PciAddress.Parse("0000:03:00.0");
    public static readonly PciAddress Audio = PciAddress.Parse("0000:03:00.1");

    public static PciDevice Device(string address, string id, string classCode, string name, int? group, string? subsystem = null, string? driver = null)
    {
        var ids = id.Split(':');
        var sub = subsystem?.Split(':');
        return new PciDevice
        {
            Address = PciAddress.Parse(address),
            VendorId = ids[0],
            DeviceId = ids[1],
            SubsystemVendorId = sub?[0],
            SubsystemDeviceId = sub?[1],
            ClassCode = classCode,
            DeviceName = name,
            Driver = driver,
            IommuGroup = group,
        };
    }

    public static PciDevice Rx6700Xt(string address = "0000:03:00.0", int? group = 14, string subsystem = "1da2:e445") =>
        Device(address, "1002:73df", "0300", "Navi 22 [Radeon RX 6700/6700 XT/6750 XT]", group, subsystem, "vfio-pci");

    public static PciDevice Rx6700XtAudio(string address = "0000:03:00.1", int? group = 14) =>
        Device(address, "1002:ab28", "0403", "Navi 21/23 HDMI/DP Audio Controller", group, "1da2:ab28", "vfio-pci");

    public static IReadOnlyList<PciDevice> Others(int usbGroup = 7, int nvmeGroup = 16) =>
    [
        Device("0000:00:00.0", "8086:4660", "0600", "12th Gen Core Processor Host Bridge/DRAM Registers", 0),
        Device("0000:00:01.0", "8086:460d", "0604", "12th Gen Core Processor PCI Express x16 Controller #1", 1, driver: "pcieport"),
        Device("0000:00:02.0", "8086:4680", "0300", "AlderLake-S GT1", 3, "1043:8694", "i915"),
        Device("0000:00:14.0", "8086:7ae0", "0c03", "Alder Lake-S PCH USB 3.2 Gen 2x2 XHCI Controller", usbGroup, "1043:8694", "xhci_hcd"),
        Device("0000:05:00.0", "144d:a80a", "0108", "NVMe SSD Controller PM9A1/PM9A3/980PRO", nvmeGroup, "144d:a801", "nvme"),
    ];

    /// <summary>The node as it was when step 3 was applied.</summary>
    public static ScanReport Before() => Report([.. Others(), Rx6700Xt(), Rx6700XtAudio()]);

    public static ScanReport Report(IReadOnlyList<PciDevice> devices, bool iommuEnabled = true)
    {
        var groups = devices.Where(d => d.IommuGroup is not null).GroupBy(d => d.IommuGroup!.Value).OrderBy(g => g.Key)
            .Select(g => new IommuGroup(g.Key, [.. g.Select(d => d.Address).Order()])).ToList();
        return new ScanReport
        {
            HostName = "gpu-node-017",
            ScannedAt = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero),
            Root = "/",
            Cpu = new CpuInfo { Vendor = CpuVendor.Intel, Model = "12th Gen Intel(R) Core(TM) i7-12700K", Virtualization = true, Hypervisor = false, LogicalCpus = 20 },
            Iommu = new IommuStatus
            {
                Enabled = iommuEnabled, GroupCount = iommuEnabled ? groups.Count : 0, Units = iommuEnabled ? ["dmar0"] : [],
                FirmwareTable = FirmwareIommuTable.Dmar, KernelParameters = iommuEnabled ? ["intel_iommu=on"] : [], Explanation = "",
            },
            KernelCommandLine = "BOOT_IMAGE=/vmlinuz root=UUID=0a1b ro quiet intel_iommu=on",
            Devices = devices,
            Groups = iommuEnabled ? groups : [],
            Gpus = [],
            Warnings = [],
        };
    }
}
