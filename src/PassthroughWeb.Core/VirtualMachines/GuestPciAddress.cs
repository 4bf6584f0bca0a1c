using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>Where a device sits inside the guest (<c>&lt;address type='pci' …/&gt;</c>), and whether its slot is multifunction.</summary>
public sealed record GuestPciAddress
{
    public required PciAddress Address { get; init; }
    public bool Multifunction { get; init; }

    public override string ToString() => Multifunction ? Address + " (multifunction)" : Address.ToString();
}
