using PassthroughWeb.Core.BootLoaders;

namespace PassthroughWeb.Components.Steps;

/// <summary>Boot loaders as people call them.</summary>
public static class BootLoaderNames
{
    public static string Of(BootLoaderKind kind) => kind switch
    {
        BootLoaderKind.Grub => "GRUB",
        BootLoaderKind.SystemdBoot => "systemd-boot",
        BootLoaderKind.UnifiedKernelImage => "Unified kernel image",
        BootLoaderKind.Kernelstub => "kernelstub (Pop!_OS)",
        BootLoaderKind.Refind => "rEFInd",
        BootLoaderKind.Limine => "Limine",
        BootLoaderKind.ProxmoxBootTool => "proxmox-boot-tool (Proxmox VE)",
        BootLoaderKind.Syslinux => "syslinux / extlinux",
        _ => "not recognised",
    };
}
