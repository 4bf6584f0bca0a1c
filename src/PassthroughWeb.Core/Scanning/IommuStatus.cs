namespace PassthroughWeb.Core.Scanning;

/// <summary>Whether the IOMMU is on, why not, and where to turn it on.</summary>
public sealed record IommuStatus
{
    /// <summary>The kernel runs an IOMMU and has put devices into groups.</summary>
    public required bool Enabled { get; init; }
    public required int GroupCount { get; init; }

    /// <summary>Entries under <c>sys/class/iommu</c> (dmar0, ivhd0 …).</summary>
    public required IReadOnlyList<string> Units { get; init; }

    public required FirmwareIommuTable FirmwareTable { get; init; }

    /// <summary>The IOMMU-related parameters on the running kernel's command line (intel_iommu=, amd_iommu=, iommu= …).</summary>
    public required IReadOnlyList<string> KernelParameters { get; init; }

    /// <summary>One plain sentence: what is on or off and what to do about it.</summary>
    public required string Explanation { get; init; }
}
