using System.Globalization;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Cli;

/// <summary>The readable form of a scan: what a person checks before going on to step 2.</summary>
public static class ScanTextRenderer
{
    /// <param name="drift">How the report differs from what the applied steps stand on; null when it was not compared.</param>
    public static string Render(ScanReport report, Core.Drift.HostDrift? drift = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        w.WriteLine($"Host     {report.HostName} (root {report.Root}), scanned {report.ScannedAt:yyyy-MM-dd HH:mm:ss zzz}");
        WriteCpu(w, report.Cpu);
        WriteIommu(w, report.Iommu);
        w.WriteLine($"Kernel   {(report.KernelCommandLine.Length == 0 ? "(command line unknown)" : report.KernelCommandLine)}");
        w.WriteLine();
        if (drift is { IsEmpty: false }) WriteDrift(w, drift);
        WriteGpus(w, report);
        WriteGroups(w, report);
        if (report.Warnings.Count > 0)
        {
            w.WriteLine("Warnings");
            foreach (var warning in report.Warnings) w.WriteLine($"  - {warning}");
        }
        return w.ToString();
    }

    /// <summary>First, before the GPUs: what was applied no longer fits, and the VM should not start until it is re-checked.</summary>
    private static void WriteDrift(StringWriter w, Core.Drift.HostDrift drift)
    {
        w.WriteLine($"DRIFT    {drift.Summary}");
        foreach (var difference in drift.Differences)
        {
            w.WriteLine($"  - step {Core.Drift.HostDrift.StepNumber(difference.Expected.Step)} ({difference.Expected.Step}), {ScanDocumentMapper.DriftKind(difference.Kind)}: {difference.Difference}");
            w.WriteLine($"    {difference.WhatToDo}");
        }
        w.WriteLine();
    }

    private static void WriteCpu(StringWriter w, CpuInfo cpu)
    {
        var virtualization = MissingVirtualization.NameOf(cpu.Vendor);
        var logical = cpu.LogicalCpus > 0 ? $", {cpu.LogicalCpus} logical CPUs" : "";
        w.WriteLine($"CPU      {cpu.Model} ({ScanDocumentMapper.Vendor(cpu.Vendor)}{logical})");
        w.WriteLine(cpu.Virtualization
            ? $"         {virtualization}: available"
            : $"         {virtualization}: NOT available. {MissingVirtualization.Explain(cpu)}");
        if (cpu.Hypervisor)
            w.WriteLine("         This host is itself a virtual machine: passthrough from here would be nested, a rarer setup this guide does not cover.");
    }

    private static void WriteIommu(StringWriter w, IommuStatus iommu)
    {
        var state = iommu.Enabled ? $"enabled, {iommu.GroupCount} groups" : "NOT enabled";
        var units = iommu.Units.Count > 0 ? $", units {string.Join(", ", iommu.Units)}" : "";
        w.WriteLine($"IOMMU    {state}{units}");
        w.WriteLine($"         Firmware table: {FirmwareTableText(iommu.FirmwareTable)}");
        w.WriteLine($"         Kernel parameters: {(iommu.KernelParameters.Count == 0 ? "none" : string.Join(' ', iommu.KernelParameters))}");
        w.WriteLine($"         {iommu.Explanation}");
    }

    private static string FirmwareTableText(FirmwareIommuTable table) => table switch
    {
        FirmwareIommuTable.Dmar => "DMAR (Intel VT-d)",
        FirmwareIommuTable.Ivrs => "IVRS (AMD-Vi)",
        FirmwareIommuTable.None => "none (the firmware announces no IOMMU)",
        _ => "unknown (ACPI tables unreadable)",
    };

    private static void WriteGpus(StringWriter w, ScanReport report)
    {
        w.WriteLine($"GPUs ({report.Gpus.Count})");
        if (report.Gpus.Count == 0) w.WriteLine("  No display controller (PCI class 03xx) was found.");
        foreach (var gpu in report.Gpus)
        {
            w.WriteLine($"  {gpu.Address}  {gpu.Name}  [{VerdictText(gpu.Verdict)}]{(gpu.IsBootVga ? "  (boot display)" : "")}");
            w.WriteLine($"    functions: {string.Join(", ", gpu.Functions)}");
            w.WriteLine($"    groups:    {(gpu.Groups.Count == 0 ? "none" : string.Join(", ", gpu.Groups))}");
            foreach (var reason in gpu.Reasons) w.WriteLine($"    - {reason}");
            if (gpu.GroupMates.Count > 0) w.WriteLine($"    shares its groups with: {string.Join(", ", gpu.GroupMates)}");
            if (gpu.IdCollisions.Count > 0) w.WriteLine($"    same vendor:device ID as: {string.Join(", ", gpu.IdCollisions)}");
            foreach (var note in gpu.Notes) w.WriteLine($"    note: {note}");
        }
        w.WriteLine();
    }

    private static string VerdictText(GpuVerdict verdict) => ScanDocumentMapper.Verdict(verdict).ToUpperInvariant();

    private static void WriteGroups(StringWriter w, ScanReport report)
    {
        if (report.Groups.Count > 0)
        {
            w.WriteLine($"IOMMU groups ({report.Groups.Count})");
            foreach (var group in report.Groups.OrderBy(g => g.Number))
            {
                w.WriteLine($"  Group {group.Number}");
                if (group.Devices.Count == 0) w.WriteLine("    (no devices)");
                foreach (var address in group.Devices) WriteDevice(w, report, address);
            }
        }
        var ungrouped = report.Devices.Where(d => d.IommuGroup is null).ToList();
        if (ungrouped.Count > 0)
        {
            w.WriteLine(report.Groups.Count == 0
                ? $"PCI devices ({ungrouped.Count}, in no IOMMU group)"
                : $"Devices in no IOMMU group ({ungrouped.Count})");
            foreach (var device in ungrouped) WriteDevice(w, report, device.Address);
        }
        w.WriteLine();
    }

    private static void WriteDevice(StringWriter w, ScanReport report, PciAddress address)
    {
        var device = report.FindDevice(address);
        if (device is null)
        {
            w.WriteLine($"    {address}  (listed in the group, but not under sys/bus/pci/devices)");
            return;
        }
        w.WriteLine($"    {device.Address}  {device.ClassCode}  {device.VendorDevice}  {device.Driver ?? "(no driver)",-16} {device.DisplayName}");
        foreach (var problem in device.Problems) w.WriteLine($"      problem: {problem}");
    }
}
