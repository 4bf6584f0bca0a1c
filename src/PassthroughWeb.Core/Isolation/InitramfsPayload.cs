namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// What step 3 needs inside the initramfs, whatever builds it: the vfio modules loaded before the GPU drivers,
/// the modprobe.d files that configure them, and, when binding by address, the POSIX sh script that sets
/// <c>driver_override</c> before any GPU driver or udev can claim the devices. Each initramfs system
/// (initramfs-tools, dracut, mkinitcpio, booster) turns this into its own files and hooks.
/// </summary>
public sealed record InitramfsPayload
{
    /// <summary>Modules to load early, in order: vfio_pci, vfio, vfio_iommu_type1 (and vfio_virqfd before kernel 6.2).</summary>
    public required IReadOnlyList<string> Modules { get; init; }

    /// <summary>Drivers that would claim a passed function (amdgpu, nouveau, snd_hda_intel …): vfio must come first.</summary>
    public required IReadOnlyList<string> GpuDrivers { get; init; }

    /// <summary>Host paths of modprobe.d files the image must carry (e.g. /etc/modprobe.d/vfio.conf).</summary>
    public required IReadOnlyList<string> ModprobeFiles { get; init; }

    /// <summary>Devices to bind by address at boot; empty when binding by ID.</summary>
    public IReadOnlyList<AddressBinding> AddressBindings { get; init; } = [];

    /// <summary>The body of the boot-time binding script (POSIX sh, no bashisms), or null when binding by ID.</summary>
    public string? BindingScript { get; init; }
}
