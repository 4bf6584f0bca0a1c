namespace PassthroughWeb.Core.BootLoaders;

/// <summary>What boots the host, as far as the command line is concerned.</summary>
public enum BootLoaderKind
{
    /// <summary>Nothing recognised: the user gets the parameters to add by hand.</summary>
    Unknown,
    Grub,
    SystemdBoot,

    /// <summary>A unified kernel image: kernel, initramfs and command line in one signed EFI binary.</summary>
    UnifiedKernelImage,

    /// <summary>Pop!_OS: kernelstub writes the systemd-boot entry from its own configuration.</summary>
    Kernelstub,
    Refind,
    Limine,

    /// <summary>Proxmox VE's proxmox-boot-tool, which copies kernels to the ESPs and writes their entries itself.</summary>
    ProxmoxBootTool,

    /// <summary>syslinux or extlinux: not edited, the user gets the parameters to add to the APPEND line.</summary>
    Syslinux,
}
