using PassthroughWeb.Components.Shared;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>One IOMMU group in the groups table; <see cref="Gpus"/> names the GPUs that need it (empty for other groups).</summary>
public sealed record IommuGroupRow
{
    /// <summary>The group number; null for the devices that are in no group.</summary>
    public int? Number { get; init; }
    public required IReadOnlyList<DeviceLine> Devices { get; init; }
    public required IReadOnlyList<string> Gpus { get; init; }
    public required IReadOnlySet<PciAddress> GpuFunctions { get; init; }

    public bool IsGpuGroup => Gpus.Count > 0;

    /// <summary>Every group in number order, then the devices that are in none (all of them when the IOMMU is off).</summary>
    public static IReadOnlyList<IommuGroupRow> From(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gpuFunctions = report.Gpus.SelectMany(g => g.Functions).ToHashSet();
        var rows = report.Groups
            .OrderBy(g => g.Number)
            .Select(group => new IommuGroupRow
            {
                Number = group.Number,
                Devices = [.. group.Devices.Select(a => DeviceLine.From(a, report))],
                Gpus = [.. report.Gpus.Where(g => g.Groups.Contains(group.Number)).Select(g => DeviceNames.GpuTitle(g, report))],
                GpuFunctions = gpuFunctions,
            })
            .ToList();
        var grouped = report.Groups.SelectMany(g => g.Devices).ToHashSet();
        var loose = report.Devices.Where(d => !grouped.Contains(d.Address)).ToList();
        if (loose.Count > 0)
        {
            rows.Add(new IommuGroupRow
            {
                Number = null,
                Devices = [.. loose.Select(d => DeviceLine.From(d.Address, report))],
                Gpus = [],
                GpuFunctions = gpuFunctions,
            });
        }
        return rows;
    }
}
