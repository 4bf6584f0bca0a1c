namespace PassthroughWeb.Core.VirtualMachines;

public enum FirmwareKind
{
    /// <summary>Legacy BIOS (SeaBIOS): libvirt's default when the domain names no UEFI firmware.</summary>
    Bios,

    /// <summary>UEFI (OVMF / edk2): <c>&lt;os firmware='efi'&gt;</c> or an OVMF loader.</summary>
    Uefi,
}
