using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>Every choice for a new VM resolved against the host and the daemon: what the domain XML is written from.</summary>
public sealed record VmBlueprint
{
    public required string Name { get; init; }
    public required WindowsVersion Windows { get; init; }

    /// <summary><c>kvm</c> when the host has /dev/kvm, else <c>qemu</c> (emulation: slow, but it defines and runs).</summary>
    public required string DomainType { get; init; }

    public required int VirtualCpus { get; init; }

    /// <summary>Threads per guest core, matching the host's SMT when the vCPU count allows it.</summary>
    public required int ThreadsPerCore { get; init; }

    public required long MemoryBytes { get; init; }
    public required OvmfFirmware Firmware { get; init; }

    /// <summary>An emulated TPM 2.0 (swtpm) on the CRB interface.</summary>
    public required bool Tpm { get; init; }

    /// <summary>The new disk image, as a host path inside the storage pool.</summary>
    public required string DiskPath { get; init; }

    /// <summary><c>virtio</c> or <c>sata</c>.</summary>
    public required string DiskBus { get; init; }

    public required string InstallIsoPath { get; init; }
    public string? VirtioWinIsoPath { get; init; }
    public required VmNetwork Network { get; init; }

    /// <summary><c>virtio</c> or <c>e1000e</c>.</summary>
    public required string NetworkModel { get; init; }

    /// <summary>The card's functions, passed through on one guest slot (guest functions 0, 1 … in address order).</summary>
    public required IReadOnlyList<PciAddress> GpuFunctions { get; init; }

    public required bool HideHypervisor { get; init; }

    /// <summary>The Hyper-V vendor_id shown to the guest when the hypervisor is hidden (1 to 12 characters).</summary>
    public string VendorId { get; init; } = DefaultVendorId;

    public const string DefaultVendorId = "randomid";
}
