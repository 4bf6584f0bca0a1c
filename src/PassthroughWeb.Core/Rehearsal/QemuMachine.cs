namespace PassthroughWeb.Core.Rehearsal;

/// <summary>Everything the rehearsal's QEMU machine is made of: the kernel and image to boot, the IOMMU and the displays.</summary>
public sealed record QemuMachine
{
    /// <summary>The kernel image on this machine (<c>boot/vmlinuz-K</c> under the host root).</summary>
    public required string KernelImage { get; init; }

    /// <summary>The rehearsal's initramfs, in its temporary directory.</summary>
    public required string Initrd { get; init; }

    /// <summary>The whole guest command line, as one string: QEMU passes it to the kernel as is.</summary>
    public required string CommandLine { get; init; }

    /// <summary>Where QEMU writes the guest's serial console.</summary>
    public required string ConsoleLog { get; init; }

    public required RehearsalIommu Iommu { get; init; }

    /// <summary>The display devices on the root bus, each at its own slot (function 0).</summary>
    public required IReadOnlyList<EmulatedDisplay> Displays { get; init; }

    public QemuAccelerator Accelerator { get; init; } = QemuAccelerator.Tcg;
    public int MemoryMiB { get; init; } = 1024;
    public int Cpus { get; init; } = 2;
}
