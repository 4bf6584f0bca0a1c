namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>The emulated chipset of a domain's machine type.</summary>
public enum MachineFamily
{
    /// <summary><c>q35</c> / <c>pc-q35-*</c>: PCI Express, what passthrough guides use.</summary>
    Q35,

    /// <summary><c>pc</c> / <c>pc-i440fx-*</c>: the legacy PCI chipset.</summary>
    I440fx,

    /// <summary>Anything else (microvm, isapc, other architectures).</summary>
    Other,
}
