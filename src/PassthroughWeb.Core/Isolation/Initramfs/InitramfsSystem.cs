namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>The programs that build a Linux initramfs, each with its own configuration files and hooks.</summary>
public enum InitramfsSystem
{
    Mkinitcpio,
    Dracut,
    InitramfsTools,
    Booster,
}
