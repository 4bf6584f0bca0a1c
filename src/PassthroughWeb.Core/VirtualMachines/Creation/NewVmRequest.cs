using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// What the user asks for when they have no VM yet. Everything but the name, the Windows version and the ISO has the
/// guide's default: q35 with UEFI (Secure Boot and a TPM 2.0 for Windows 11), a size that leaves the host two cores
/// and its share of memory, a 64 GiB qcow2 disk in the pool <c>default</c>, the NAT network <c>default</c>, and the
/// card's functions passed through together.
/// </summary>
public sealed record NewVmRequest
{
    public const string DefaultPool = "default";

    public required string Name { get; init; }
    public required WindowsVersion Windows { get; init; }

    /// <summary>The Windows installation ISO, as a host path (absolute).</summary>
    public required string InstallIsoPath { get; init; }

    /// <summary>
    /// The virtio-win driver ISO, as a host path, or null. With it the disk and network card are virtio (fast, and
    /// Setup loads the storage driver from it); without it they are SATA and e1000e, which Windows drives by itself.
    /// </summary>
    public string? VirtioWinIsoPath { get; init; }

    /// <summary>The card to pass through (any function of it; all functions of its slot go together), or null for none yet.</summary>
    public PciAddress? Gpu { get; init; }

    /// <summary>Null: every logical CPU but two cores' worth.</summary>
    public int? VirtualCpus { get; init; }

    /// <summary>Null: 8 GiB, or less when the host cannot spare it.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Null: 64 GiB.</summary>
    public long? DiskBytes { get; init; }

    /// <summary>The libvirt storage pool the new disk is created in.</summary>
    public string StoragePool { get; init; } = DefaultPool;

    public VmNetwork Network { get; init; } = VmNetwork.DefaultNat;

    /// <summary>
    /// Hide the hypervisor from the guest driver (<c>&lt;kvm&gt;&lt;hidden&gt;</c> and a Hyper-V vendor_id): null means
    /// yes for NVIDIA cards, whose drivers before 465 stop with Code 43 in a VM, and no otherwise.
    /// </summary>
    public bool? HideHypervisor { get; init; }
}
