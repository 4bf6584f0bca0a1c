using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Services.Vm;

/// <summary>What the user chose for step 4 on an existing VM.</summary>
public sealed record VmStepOptions
{
    /// <summary>The libvirt connection URI; null or blank means <c>qemu:///system</c>.</summary>
    public string? Connection { get; init; }

    public required string Vm { get; init; }
    public required PciAddress Gpu { get; init; }

    /// <summary>Hide the hypervisor (vendor_id + kvm hidden); null follows the guest driver's need for the card.</summary>
    public bool? HideHypervisor { get; init; }

    public string? VendorId { get; init; }

    /// <summary>A ROM image for the card, as a host path.</summary>
    public string? RomFile { get; init; }
}
