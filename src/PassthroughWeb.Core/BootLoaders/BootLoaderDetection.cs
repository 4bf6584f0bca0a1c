namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Which boot loader boots the host and how that was decided, the files that hold its kernel command line, and the
/// command line the running kernel was actually given.
/// </summary>
public sealed record BootLoaderDetection
{
    public required BootLoaderKind Kind { get; init; }

    /// <summary>What was found where, strongest evidence first.</summary>
    public required IReadOnlyList<BootEvidence> Evidence { get; init; }

    /// <summary>Host paths of the files that hold the command line the planner edits (for kernelstub, its configuration).</summary>
    public required IReadOnlyList<string> CommandLineFiles { get; init; }

    /// <summary>The running kernel's command line (<c>proc/cmdline</c>), or null when it could not be read.</summary>
    public string? BootedCommandLine { get; init; }

    /// <summary>The systemd-boot entry that was booted (from the EFI variable, bootctl or loader.conf), or null.</summary>
    public string? BootedEntry { get; init; }

    public required OsRelease OsRelease { get; init; }

    /// <summary>GRUB with GRUB_ENABLE_BLSCFG=true and entries in /boot/loader/entries (Fedora, RHEL): grubby must update the entries too.</summary>
    public bool GrubBls { get; init; }

    public UkiBuilder UkiBuilder { get; init; }

    /// <summary>proxmox-boot-tool manages ESPs that boot with GRUB (rather than systemd-boot).</summary>
    public bool ProxmoxUsesGrub { get; init; }

    /// <summary>Every path the detector looked at, for a "nothing found" message.</summary>
    public required IReadOnlyList<string> LookedAt { get; init; }

    /// <summary>root= of the booted command line, used to leave other systems' entries alone.</summary>
    public string? BootedRoot => BootedCommandLine is null ? null : EditSupport.RootOf(KernelCommandLine.Parse(BootedCommandLine).Parameters);
}
