using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Demo;

/// <summary>A host tree as written: where it is, what went in, and what could not.</summary>
public sealed record WrittenHostTree
{
    public required HostRoot Root { get; init; }

    /// <summary>The devices written, in address order.</summary>
    public required IReadOnlyList<PciAddress> Devices { get; init; }

    /// <summary>Listing entries that were not written (a line cut off before its ID), each with the reason.</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    public required CpuVendor CpuVendor { get; init; }

    /// <summary>How the CPU vendor was decided, in words (given, or from which device).</summary>
    public required string CpuVendorSource { get; init; }

    public required bool IommuEnabled { get; init; }
}
