using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>What the user chose for step 4 on an existing VM: which VM, which card, and the extras.</summary>
public sealed record VmPlanRequest
{
    /// <summary>The libvirt connection URI.</summary>
    public string Connection { get; init; } = Virsh.DefaultConnection;

    public required string DomainName { get; init; }

    /// <summary>The card to pass through: any function of its slot.</summary>
    public required PciAddress Gpu { get; init; }

    /// <summary>The functions step 3 binds (or has planned to bind) to vfio-pci; functions bound to vfio-pci in the scan count too.</summary>
    public required IReadOnlyCollection<PciAddress> IsolatedFunctions { get; init; }

    /// <summary>Add <c>&lt;hyperv&gt;&lt;vendor_id&gt;</c> and <c>&lt;kvm&gt;&lt;hidden&gt;</c> so the guest driver does not see a hypervisor.</summary>
    public bool HideHypervisor { get; init; }

    /// <summary>Why hiding is (or is not) asked for, in words (NVIDIA drivers before 465 refuse to run in a VM: Code 43).</summary>
    public string? HideHypervisorReason { get; init; }

    /// <summary>The vendor_id value (1–12 characters); null keeps a valid one already set, or uses <see cref="DefaultVendorId"/>.</summary>
    public string? VendorId { get; init; }

    /// <summary>A ROM image for the card (host path, absolute): set as <c>&lt;rom file='…'/&gt;</c> on the display function.</summary>
    public string? RomFile { get; init; }

    /// <summary>The value the guide uses.</summary>
    public const string DefaultVendorId = "randomid";
}
