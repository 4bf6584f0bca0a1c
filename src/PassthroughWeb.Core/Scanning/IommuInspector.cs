using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Decides whether the IOMMU is on and, when it is not, which of the different fixes applies: the firmware
/// setting (no DMAR/IVRS table), the kernel command line, or a virtual machine without a virtual IOMMU.
/// </summary>
public static class IommuInspector
{
    public static IommuStatus Inspect(HostRoot root, CpuInfo cpu, KernelCommandLine commandLine, int groupCount)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(commandLine);
        var units = root.ListNames("sys/class/iommu");
        var table = ReadFirmwareTable(root);
        var parameters = commandLine.Parameters.Where(IsIommuParameter).ToList();
        return new IommuStatus
        {
            Enabled = groupCount > 0,
            GroupCount = groupCount,
            Units = units,
            FirmwareTable = table,
            KernelParameters = parameters,
            Explanation = Explain(cpu, commandLine, table, groupCount, units.Count),
        };
    }

    /// <summary>Parameters that decide the IOMMU or vfio's early binding.</summary>
    public static bool IsIommuParameter(string parameter)
    {
        var name = KernelCommandLine.NameOf(parameter);
        return name is "intel_iommu" or "amd_iommu" or "amd_iommu_intr" or "iommu" or "pcie_acs_override" ||
               name.StartsWith("iommu.", StringComparison.Ordinal) ||
               name.StartsWith("vfio-pci.", StringComparison.Ordinal) || name.StartsWith("vfio_pci.", StringComparison.Ordinal) ||
               name.StartsWith("vfio_iommu_type1.", StringComparison.Ordinal) ||
               (name == "rd.driver.pre" && parameter.Contains("vfio", StringComparison.Ordinal));
    }

    private static FirmwareIommuTable ReadFirmwareTable(HostRoot root)
    {
        if (!root.DirectoryExists("sys/firmware/acpi/tables")) return FirmwareIommuTable.Unknown;
        // The names are listable without root even though the tables themselves are not readable.
        var names = root.ListNames("sys/firmware/acpi/tables");
        if (names.Contains("DMAR")) return FirmwareIommuTable.Dmar;
        if (names.Contains("IVRS")) return FirmwareIommuTable.Ivrs;
        return FirmwareIommuTable.None;
    }

    private static string Explain(CpuInfo cpu, KernelCommandLine commandLine, FirmwareIommuTable table, int groupCount, int unitCount)
    {
        var intelOff = commandLine.ValueOf("intel_iommu") is { } intel && intel.Split(',').Contains("off");
        var amdOff = commandLine.ValueOf("amd_iommu") is { } amd && amd.Split(',').Contains("off");
        var allOff = commandLine.ValueOf("iommu") is "off";
        var firmwareName = cpu.Vendor == CpuVendor.Amd ? "AMD-Vi" : "VT-d";
        var kernelParameters = cpu.Vendor == CpuVendor.Amd ? "iommu=pt" : "intel_iommu=on iommu=pt";

        if (groupCount > 0)
        {
            var how = table switch
            {
                FirmwareIommuTable.Dmar => "Intel VT-d",
                FirmwareIommuTable.Ivrs => "AMD-Vi",
                _ => "the IOMMU",
            };
            return $"The IOMMU is on: {how} has put the PCI devices into {groupCount} IOMMU groups.";
        }

        if (cpu.Hypervisor && table is FirmwareIommuTable.None or FirmwareIommuTable.Unknown)
            return "This host is itself a virtual machine and its hypervisor gives it no virtual IOMMU, so there are no IOMMU groups and " +
                   "no device can be passed through from here. Passthrough from inside a VM (nested) needs a virtual IOMMU " +
                   "(for QEMU: -device intel-iommu) and the device passed to this VM first; normally you run PassthroughWeb on the physical host.";

        if (allOff)
            return $"The kernel command line turns the IOMMU off (iommu=off). Remove it and add {kernelParameters} (step 2), then reboot.";

        switch (cpu.Vendor)
        {
            case CpuVendor.Intel when table == FirmwareIommuTable.None:
                return "VT-d is disabled in the firmware setup (or the board lacks it): the firmware exposes no DMAR table. " +
                       "Turn on \"VT-d\" (Intel Virtualization Technology for Directed I/O) in the UEFI setup; then add intel_iommu=on iommu=pt (step 2).";
            case CpuVendor.Intel when intelOff:
                return "The firmware exposes VT-d (DMAR table present), but the kernel command line turns it off (intel_iommu=off). " +
                       "Replace it with intel_iommu=on iommu=pt (step 2) and reboot.";
            case CpuVendor.Intel when table == FirmwareIommuTable.Dmar:
                return "The firmware exposes VT-d (DMAR table present), but the kernel was not asked to enable it: " +
                       "add intel_iommu=on iommu=pt to the kernel command line (step 2) and reboot.";
            case CpuVendor.Amd when table == FirmwareIommuTable.None:
                return "AMD-Vi is disabled in the firmware setup (or the board lacks it): the firmware exposes no IVRS table. " +
                       "Turn on \"IOMMU\" (often under AMD CBS / NBIO Common Options) and \"SVM Mode\" in the UEFI setup.";
            case CpuVendor.Amd when amdOff:
                return "The firmware exposes AMD-Vi (IVRS table present), but the kernel command line turns it off (amd_iommu=off). " +
                       "Remove it, add iommu=pt (step 2) and reboot.";
            case CpuVendor.Amd when table == FirmwareIommuTable.Ivrs:
                return "The firmware exposes AMD-Vi (IVRS table present) but the kernel has not enabled it. The AMD IOMMU is on by default, " +
                       "so check the kernel log (dmesg | grep -i AMD-Vi) for why; adding amd_iommu=on iommu=pt (step 2) asks for it explicitly.";
        }

        if (table == FirmwareIommuTable.Unknown)
            return $"There are no IOMMU groups, and the firmware's ACPI tables could not be read to tell why. Check that {firmwareName} is " +
                   $"enabled in the firmware setup and that the kernel command line has {kernelParameters}.";
        return unitCount > 0
            ? "An IOMMU is registered but it has formed no groups: check the kernel log (dmesg | grep -i iommu)."
            : $"There are no IOMMU groups: enable {firmwareName} in the firmware setup and add {kernelParameters} to the kernel command line (step 2).";
    }
}
