namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The program that builds the unified kernel images, which decides where their command line comes from and how to rebuild them.</summary>
public enum UkiBuilder
{
    None,

    /// <summary>kernel-install with layout=uki (ukify, or the generator install.conf names).</summary>
    KernelInstall,

    /// <summary>mkinitcpio presets with <c>*_uki=</c>.</summary>
    Mkinitcpio,

    /// <summary>dracut with <c>uefi=yes</c>.</summary>
    Dracut,
}
