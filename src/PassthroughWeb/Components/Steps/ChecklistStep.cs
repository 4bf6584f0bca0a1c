namespace PassthroughWeb.Components.Steps;

/// <summary>One of the five steps of the passthrough checklist.</summary>
public sealed record ChecklistStep
{
    public required int Number { get; init; }
    public required string Title { get; init; }

    /// <summary>A word or two for the stepper and the hosts page ("IOMMU", "VM").</summary>
    public required string ShortTitle { get; init; }

    /// <summary>What the step does, in a sentence or two.</summary>
    public required string Description { get; init; }

    /// <summary>The five steps, in order.</summary>
    public static IReadOnlyList<ChecklistStep> All { get; } =
    [
        new()
        {
            Number = 1, ShortTitle = "Scan", Title = "Scan the hardware",
            Description = "Read the CPU, the IOMMU and every PCI device, and judge each graphics card: can it be passed to a VM as it is?",
        },
        new()
        {
            Number = 2, ShortTitle = "IOMMU", Title = "Turn on the IOMMU",
            Description = "Add the IOMMU kernel parameters (intel_iommu=on iommu=pt on Intel, iommu=pt on AMD) to the boot loader's configuration (GRUB, systemd-boot, …), rebuild it and reboot.",
        },
        new()
        {
            Number = 3, ShortTitle = "vfio isolation", Title = "Isolate the GPU with vfio-pci",
            Description = "Give the guest's card to vfio-pci at boot, before its normal driver takes it (by address where IDs collide), and load vfio early from the initramfs.",
        },
        new()
        {
            Number = 4, ShortTitle = "VM", Title = "Configure the VM in libvirt",
            Description = "Give a q35 virtual machine with UEFI (OVMF) firmware the card's functions as PCI host devices, hiding the hypervisor where the driver needs it; or create that VM.",
        },
        new()
        {
            Number = 5, ShortTitle = "Guest drivers", Title = "Install the guest drivers",
            Description = "Start the VM, install the GPU vendor's driver inside it, and check that the card works there.",
        },
    ];
}
