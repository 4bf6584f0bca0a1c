using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>A host PCI function given to the guest: <c>&lt;hostdev mode='subsystem' type='pci'&gt;</c>.</summary>
public sealed record PciHostdev
{
    /// <summary>The host function (<c>&lt;source&gt;&lt;address …/&gt;</c>).</summary>
    public required PciAddress Source { get; init; }

    /// <summary><c>managed='yes'</c>: libvirt detaches the function from its host driver at start and gives it back at stop.</summary>
    public required bool Managed { get; init; }

    /// <summary>The guest address when the XML sets one; libvirt picks one otherwise.</summary>
    public GuestPciAddress? GuestAddress { get; init; }

    /// <summary><c>&lt;rom file='…'/&gt;</c>: a ROM image given to the guest instead of the card's own.</summary>
    public string? RomFile { get; init; }

    /// <summary><c>&lt;rom bar='on|off'/&gt;</c>: whether the guest sees the card's ROM BAR.</summary>
    public string? RomBar { get; init; }
}
