using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Cli.Json;

/// <summary>Maps the engine's report onto the JSON contract, one field at a time, spelling enums out by hand.</summary>
public static class ScanDocumentMapper
{
    public static ScanDocument Map(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ScanDocument
        {
            SchemaVersion = ScanDocument.CurrentSchemaVersion,
            Host = new HostDocument { Name = report.HostName, Root = report.Root },
            ScannedAt = report.ScannedAt,
            Cpu = new CpuDocument
            {
                Vendor = Vendor(report.Cpu.Vendor),
                Model = report.Cpu.Model,
                Virtualization = report.Cpu.Virtualization,
                Hypervisor = report.Cpu.Hypervisor,
                LogicalCpus = report.Cpu.LogicalCpus,
            },
            Iommu = new IommuDocument
            {
                Enabled = report.Iommu.Enabled,
                GroupCount = report.Iommu.GroupCount,
                Units = [.. report.Iommu.Units],
                FirmwareTable = FirmwareTable(report.Iommu.FirmwareTable),
                KernelParameters = [.. report.Iommu.KernelParameters],
                Explanation = report.Iommu.Explanation,
            },
            KernelCommandLine = report.KernelCommandLine,
            Devices = [.. report.Devices.Select(Device)],
            Groups = [.. report.Groups.Select(g => new IommuGroupDocument { Number = g.Number, Devices = Addresses(g.Devices) })],
            Gpus = [.. report.Gpus.Select(Gpu)],
            Warnings = [.. report.Warnings],
            Import = report.Import is { } import
                ? new ImportDocument { Format = Format(import.Format), SourceName = import.SourceName, Unknowns = [.. import.Unknowns], Problems = [.. import.Problems] }
                : null,
        };
    }

    private static DeviceDocument Device(PciDevice device) => new()
    {
        Address = device.Address.ToString(),
        VendorId = device.VendorId,
        DeviceId = device.DeviceId,
        SubsystemVendorId = device.SubsystemVendorId,
        SubsystemDeviceId = device.SubsystemDeviceId,
        ClassCode = device.ClassCode,
        ProgIf = device.ProgIf,
        Revision = device.Revision,
        Name = device.DisplayName,
        VendorName = device.VendorName,
        DeviceName = device.DeviceName,
        ClassName = device.ClassName,
        Driver = device.Driver,
        IommuGroup = device.IommuGroup,
        BootVga = device.BootVga,
        ResetMethods = device.ResetMethods is null ? null : [.. device.ResetMethods],
        DriverOverride = device.DriverOverride,
        Problems = [.. device.Problems],
    };

    private static GpuDocument Gpu(GpuAssessment gpu) => new()
    {
        Address = gpu.Address.ToString(),
        Name = gpu.Name,
        VendorId = gpu.VendorId,
        Functions = Addresses(gpu.Functions),
        Groups = [.. gpu.Groups],
        Verdict = Verdict(gpu.Verdict),
        Reasons = [.. gpu.Reasons],
        GroupMates = Addresses(gpu.GroupMates),
        IdCollisions = Addresses(gpu.IdCollisions),
        Notes = [.. gpu.Notes],
        BootVga = gpu.IsBootVga,
    };

    private static string[] Addresses(IEnumerable<PciAddress> addresses) => [.. addresses.Select(a => a.ToString())];

    public static string Vendor(CpuVendor vendor) => vendor switch
    {
        CpuVendor.Intel => "intel",
        CpuVendor.Amd => "amd",
        _ => "other",
    };

    public static string FirmwareTable(FirmwareIommuTable table) => table switch
    {
        FirmwareIommuTable.Dmar => "dmar",
        FirmwareIommuTable.Ivrs => "ivrs",
        FirmwareIommuTable.None => "none",
        _ => "unknown",
    };

    public static string Format(ListingFormat format) => format switch
    {
        ListingFormat.IommuGroups => "iommu-groups",
        ListingFormat.LspciNnk => "lspci-nnk",
        _ => "lspci-nn",
    };

    public static string Verdict(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => "ready",
        GpuVerdict.SharedGroup => "shared-group",
        GpuVerdict.Blocked => "blocked",
        GpuVerdict.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "A verdict the JSON contract does not know: add it to docs/cli.md first."),
    };
}
