namespace PassthroughWeb.Components.Steps;

/// <summary>One of the five steps of the passthrough checklist.</summary>
public sealed record ChecklistStep
{
    public required int Number { get; init; }
    public required string Title { get; init; }

    /// <summary>What the step does, in a sentence or two.</summary>
    public required string Description { get; init; }

    /// <summary>Whether this version of the app does the step (steps 1 to 3 so far).</summary>
    public required bool Available { get; init; }

    /// <summary>The five steps, in order. Steps 4 and 5 are not built yet and say so instead of pretending.</summary>
    public static IReadOnlyList<ChecklistStep> All { get; } =
    [
        new()
        {
            Number = 1, Title = "Scan the hardware", Available = true,
            Description = "Read the CPU, the IOMMU and every PCI device, and judge each graphics card: can it be passed to a VM as it is?",
        },
        new()
        {
            Number = 2, Title = "Turn on the IOMMU", Available = true,
            Description = "Add the IOMMU kernel parameters (intel_iommu=on iommu=pt on Intel, iommu=pt on AMD) to the boot loader's configuration (GRUB, systemd-boot, …), rebuild it and reboot.",
        },
        new()
        {
            Number = 3, Title = "Isolate the GPU with vfio-pci", Available = true,
            Description = "Give the guest's card to vfio-pci at boot, before its normal driver takes it (by address where IDs collide), and load vfio early from the initramfs.",
        },
        new()
        {
            Number = 4, Title = "Create the VM in libvirt", Available = false,
            Description = "Define a q35 virtual machine with UEFI (OVMF) firmware and the card's functions as PCI host devices.",
        },
        new()
        {
            Number = 5, Title = "Install the guest drivers", Available = false,
            Description = "Start the VM, install the GPU vendor's driver inside it, and check that the card works there.",
        },
    ];
}
