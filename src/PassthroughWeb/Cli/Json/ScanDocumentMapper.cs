using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Cli.Json;

/// <summary>Maps the engine's report onto the JSON contract, one field at a time, spelling enums out by hand.</summary>
public static class ScanDocumentMapper
{
    /// <param name="drift">How the report differs from what the applied steps stand on; null when it was not compared.</param>
    public static ScanDocument Map(ScanReport report, Core.Drift.HostDrift? drift = null)
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
            Drift = drift is null ? [] : [.. drift.Differences.Select(Drift)],
            Import = report.Import is { } import
                ? new ImportDocument { Format = Format(import.Format), SourceName = import.SourceName, Unknowns = [.. import.Unknowns], Problems = [.. import.Problems] }
                : null,
        };
    }

    private static DriftDocument Drift(Core.Drift.DeviceDrift drift) => new()
    {
        Kind = DriftKind(drift.Kind),
        Step = drift.Expected.Step,
        Planned = new DriftDeviceDocument
        {
            Address = drift.Expected.Address.ToString(), VendorDevice = drift.Expected.VendorDevice, SubsystemId = drift.Expected.SubsystemId,
            IommuGroup = drift.Expected.IommuGroup, Name = drift.Expected.Name,
        },
        Found = drift.Found is not { } found ? null : new DriftDeviceDocument
        {
            Address = found.Address.ToString(), VendorDevice = found.VendorDevice, SubsystemId = Core.Drift.DeviceExpectation.SubsystemOf(found),
            IommuGroup = found.IommuGroup, Name = found.DisplayName,
        },
        NewGroupMates = Addresses(drift.NewGroupMates),
        Difference = drift.Difference,
        WhatToDo = drift.WhatToDo,
    };

    public static string DriftKind(Core.Drift.DeviceDriftKind kind) => kind switch
    {
        Core.Drift.DeviceDriftKind.Moved => "moved",
        Core.Drift.DeviceDriftKind.Replaced => "replaced",
        Core.Drift.DeviceDriftKind.Vanished => "vanished",
        Core.Drift.DeviceDriftKind.SubsystemChanged => "subsystem-changed",
        _ => "regrouped",
    };

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
