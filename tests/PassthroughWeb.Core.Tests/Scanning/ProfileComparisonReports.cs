using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

/// <summary>
/// Hand-built <see cref="ScanReport"/>s of the guide's workstation (RX 6750 XT at 03:00.0 for the host, RX 6600 at
/// 07:00.0 for the guest), for tests of code that takes a report (comparison, storage, the web page), not of the scanner.
/// </summary>
public static class ProfileComparisonReports
{
    public static readonly DateTimeOffset ScannedAt = new(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(1));

    public static PciDevice Device(string address, string id, string classCode, string? name = null, string? driver = null, int? group = null, bool? bootVga = null)
    {
        var ids = id.Split(':');
        return new PciDevice
        {
            Address = PciAddress.Parse(address),
            VendorId = ids[0],
            DeviceId = ids[1],
            ClassCode = classCode,
            VendorName = name is null ? null : "Advanced Micro Devices, Inc. [AMD/ATI]",
            DeviceName = name,
            ClassName = PciClass.Describe(classCode),
            Driver = driver,
            IommuGroup = group,
            BootVga = bootVga,
            ResetMethods = ["flr", "bus"],
            Problems = address == "0000:00:1f.0" ? ["'reset_method' could not be read."] : [],
        };
    }

    public static IReadOnlyList<PciDevice> WorkstationDevices(string guestDriver = "amdgpu") =>
    [
        Device("0000:00:00.0", "8086:9b33", "0600", "Comet Lake-S 6c Host Bridge/DRAM Controller", group: 0),
        Device("0000:00:01.0", "8086:1901", "0604", "6th-10th Gen Core Processor PCIe Controller (x16)", "pcieport", 1),
        Device("0000:00:1f.0", "8086:0685", "0601", null, null, 10),
        Device("0000:01:00.0", "1002:1478", "0604", "Navi 10 XL Upstream Port of PCI Express Switch", "pcieport", 1),
        Device("0000:02:00.0", "1002:1479", "0604", "Navi 10 XL Downstream Port of PCI Express Switch", "pcieport", 1),
        Device("0000:03:00.0", "1002:73df", "0300", "Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]", "amdgpu", 1, bootVga: true),
        Device("0000:03:00.1", "1002:ab28", "0403", "Navi 21/23 HDMI/DP Audio Controller", "snd_hda_intel", 1),
        Device("0000:07:00.0", "1002:73ff", "0300", "Navi 23 [Radeon RX 6600/6600 XT/6600M]", guestDriver, 18, bootVga: false),
        Device("0000:07:00.1", "1002:ab28", "0403", "Navi 21/23 HDMI/DP Audio Controller", guestDriver == "amdgpu" ? "snd_hda_intel" : guestDriver, 19),
    ];

    /// <summary>The workstation; pass <paramref name="devices"/> or <paramref name="gpus"/> to change it.</summary>
    public static ScanReport Workstation(
        IReadOnlyList<PciDevice>? devices = null,
        IReadOnlyList<GpuAssessment>? gpus = null,
        bool iommuEnabled = true,
        string kernelCommandLine = "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet splash intel_iommu=on iommu=pt",
        string hostName = "workstation",
        DateTimeOffset? scannedAt = null)
    {
        devices ??= WorkstationDevices();
        var groups = devices.Where(d => d.IommuGroup is not null)
            .GroupBy(d => d.IommuGroup!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new IommuGroup(g.Key, [.. g.Select(d => d.Address).Order()]))
            .ToList();
        return new ScanReport
        {
            HostName = hostName,
            ScannedAt = scannedAt ?? ScannedAt,
            Root = "/",
            Cpu = new CpuInfo { Vendor = CpuVendor.Intel, Model = "Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz", Virtualization = true, Hypervisor = false, LogicalCpus = 12 },
            Iommu = new IommuStatus
            {
                Enabled = iommuEnabled,
                GroupCount = iommuEnabled ? groups.Count : 0,
                Units = iommuEnabled ? ["dmar0", "dmar1"] : [],
                FirmwareTable = FirmwareIommuTable.Dmar,
                KernelParameters = iommuEnabled ? ["intel_iommu=on", "iommu=pt"] : [],
                Explanation = iommuEnabled ? "The IOMMU is on." : "The kernel was not asked to enable VT-d: add intel_iommu=on.",
            },
            KernelCommandLine = kernelCommandLine,
            Devices = devices,
            Groups = iommuEnabled ? groups : [],
            Gpus = gpus ?? [Gpu("0000:07:00.0", "0000:07:00.1", [18, 19], "0000:03:00.1"), Gpu("0000:03:00.0", "0000:03:00.1", [1], "0000:07:00.1", bootVga: true)],
            Warnings = ["No pci.ids under the root: devices are shown by their IDs."],
        };
    }

    public static GpuAssessment Gpu(string address, string audio, IReadOnlyList<int> groups, string collision, GpuVerdict verdict = GpuVerdict.Ready, bool bootVga = false) => new()
    {
        Address = PciAddress.Parse(address),
        Name = address == "0000:07:00.0" ? "AMD Radeon RX 6600" : "AMD Radeon RX 6750 XT",
        VendorId = "1002",
        Functions = [PciAddress.Parse(address), PciAddress.Parse(audio)],
        Groups = groups,
        Verdict = verdict,
        Reasons = verdict == GpuVerdict.Ready ? ["Only the card's own functions and PCI bridges are in its IOMMU groups."] : ["Other devices share its group."],
        GroupMates = [],
        IdCollisions = [PciAddress.Parse(collision)],
        Notes = [$"{collision} has the same vendor:device (1002:ab28) as this card's audio: vfio-pci ids= would take it too."],
        IsBootVga = bootVga,
    };
}
