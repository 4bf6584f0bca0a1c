namespace PassthroughWeb.Core.Scanning;

/// <summary>What <c>proc/cpuinfo</c> says about hardware virtualization.</summary>
public sealed record CpuInfo
{
    public required CpuVendor Vendor { get; init; }
    public required string Model { get; init; }

    /// <summary>The CPU reports VT-x (<c>vmx</c>) or AMD-V (<c>svm</c>).</summary>
    public required bool Virtualization { get; init; }

    /// <summary>The <c>hypervisor</c> flag: this host is itself a virtual machine.</summary>
    public required bool Hypervisor { get; init; }

    public int LogicalCpus { get; init; }
}
