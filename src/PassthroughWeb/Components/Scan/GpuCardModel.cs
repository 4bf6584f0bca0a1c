using PassthroughWeb.Components.Shared;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>What a GPU card shows: the assessment, with every address it names turned into a readable device line.</summary>
public sealed record GpuCardModel
{
    /// <summary>The card's marketing name when pci.ids has one ("Radeon RX 6600/6600 XT/6600M").</summary>
    public required string Name { get; init; }

    /// <summary>Vendor and chip ("AMD/ATI Navi 23"); null when unknown.</summary>
    public string? Subtitle { get; init; }
    public required PciAddress Address { get; init; }
    public required GpuVerdict Verdict { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required IReadOnlyList<DeviceLine> Functions { get; init; }
    public required IReadOnlyList<int> Groups { get; init; }
    public required IReadOnlyList<DeviceLine> GroupMates { get; init; }
    public required IReadOnlyList<DeviceLine> IdCollisions { get; init; }
    public required bool IsBootVga { get; init; }

    public static GpuCardModel From(GpuAssessment gpu, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(report);
        return new GpuCardModel
        {
            Name = DeviceNames.GpuTitle(gpu, report),
            Subtitle = DeviceNames.GpuSubtitle(gpu, report),
            Address = gpu.Address,
            Verdict = gpu.Verdict,
            Reasons = gpu.Reasons,
            Notes = gpu.Notes,
            Functions = [.. gpu.Functions.Select(a => DeviceLine.From(a, report))],
            Groups = gpu.Groups,
            GroupMates = [.. gpu.GroupMates.Select(a => DeviceLine.From(a, report))],
            IdCollisions = [.. gpu.IdCollisions.Select(a => DeviceLine.From(a, report))],
            IsBootVga = gpu.IsBootVga,
        };
    }
}
