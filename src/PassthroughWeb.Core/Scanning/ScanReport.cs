namespace PassthroughWeb.Core.Scanning;

/// <summary>Everything step 1 learns about a host: the hardware profile that later steps stand on.</summary>
public sealed record ScanReport
{
    public required string HostName { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }

    /// <summary>The host root the scan read from (<c>/</c> on a real host).</summary>
    public required string Root { get; init; }
    public required CpuInfo Cpu { get; init; }
    public required IommuStatus Iommu { get; init; }
    public required string KernelCommandLine { get; init; }
    public required IReadOnlyList<PciDevice> Devices { get; init; }
    public required IReadOnlyList<IommuGroup> Groups { get; init; }
    public required IReadOnlyList<GpuAssessment> Gpus { get; init; }

    /// <summary>Problems with the host as a whole (unreadable files, a missing PCI database …).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// Set when the report was built from a listing a user imported, not read from a host: its format and what it cannot
    /// know. The CPU and IOMMU fields then hold only what the listing shows (see <see cref="Import.ImportedListing"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Import.ImportedListing? Import { get; init; }

    public PciDevice? FindDevice(PciAddress address)
    {
        foreach (var device in Devices)
        {
            if (device.Address == address) return device;
        }
        return null;
    }
}
