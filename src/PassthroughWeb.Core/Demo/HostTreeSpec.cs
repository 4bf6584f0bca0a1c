using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Demo;

/// <summary>What a host tree is written from: a listing's devices and groups, plus what a listing does not show.</summary>
public sealed record HostTreeSpec
{
    public required IommuListing Listing { get; init; }

    public string HostName { get; init; } = "workstation";

    /// <summary>Null: taken from the host bridge's vendor (8086 Intel, 1022 AMD).</summary>
    public CpuVendor? CpuVendor { get; init; }

    /// <summary>Null: a common desktop model of the vendor.</summary>
    public string? CpuModel { get; init; }

    public int LogicalCpus { get; init; } = 4;

    /// <summary>The CPU reports VT-x/AMD-V (vmx/svm in its flags).</summary>
    public bool HardwareVirtualization { get; init; } = true;

    /// <summary>The host is itself a VM (the hypervisor flag).</summary>
    public bool Hypervisor { get; init; }

    /// <summary>Null: the vendor's usual flags, with vmx/svm and hypervisor as set above. Given: written exactly.</summary>
    public IReadOnlyList<string>? CpuFlags { get; init; }

    public string KernelCommandLine { get; init; } = "BOOT_IMAGE=/boot/vmlinuz-linux root=UUID=0a3407de-014b-458b-b5c1-848e92a327a3 rw quiet";

    /// <summary>Null: on when the listing has IOMMU groups. Off writes no groups and no IOMMU units.</summary>
    public bool? IommuEnabled { get; init; }

    /// <summary>Null: DMAR for an Intel CPU, IVRS for AMD.</summary>
    public FirmwareIommuTable? FirmwareTable { get; init; }

    /// <summary>Null: the first VGA controller (class 0300) by address.</summary>
    public PciAddress? BootVga { get; init; }

    /// <summary>Drivers bound, by device; they override the listing's <c>Kernel driver in use:</c>.</summary>
    public IReadOnlyDictionary<PciAddress, string> Drivers { get; init; } = new Dictionary<PciAddress, string>();

    /// <summary><c>reset_method</c> contents by device; devices not named get no such file (kernels before 5.15).</summary>
    public IReadOnlyDictionary<PciAddress, IReadOnlyList<string>> ResetMethods { get; init; } = new Dictionary<PciAddress, IReadOnlyList<string>>();

    /// <summary><c>driver_override</c> by device; the rest show <c>(null)</c>.</summary>
    public IReadOnlyDictionary<PciAddress, string> DriverOverrides { get; init; } = new Dictionary<PciAddress, string>();

    /// <summary>Further files by host path (boot loader and initramfs configuration, os-release …), written as they are.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
}
