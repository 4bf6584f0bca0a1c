namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>The catalogue of known problems once the VM runs with its GPU, each with its fix and the step where it lives.</summary>
public static class KnownProblems
{
    public static KnownProblem Code43 { get; } = new()
    {
        Id = KnownProblemId.Code43,
        Title = "Code 43: Windows stopped the graphics card",
        Symptom = "Device Manager shows the card with a yellow mark and \"Windows has stopped this device because it has reported problems. (Code 43)\"; the monitor on the card stays black.",
        Cause = "NVIDIA drivers before version 465 check whether they run in a virtual machine and stop if they do. The VM tells them so unless it is told to hide it. " +
                "A card that was not reset, or that needs its ROM, can give the same code.",
        Fix = "Either install NVIDIA driver 465 or later (step 5), or hide the hypervisor in the VM (step 4): " +
              "<vendor_id state='on' value='randomid'/> in <features><hyperv> and <kvm><hidden state='on'/></kvm> in <features>. " +
              "Cards whose last driver is older than 465 (Fermi and older: 391.35 and before) always need the second way.",
        FixStep = ChecklistStep.VirtualMachine,
    };

    public static KnownProblem ResetBug { get; } = new()
    {
        Id = KnownProblemId.ResetBug,
        Title = "The AMD reset bug",
        Symptom = "The VM works once; after it shuts down or reboots, the card gives no picture, Windows hangs at boot, or the host log says the device is \"not ready\" or \"inaccessible\".",
        Cause = "AMD Polaris, Vega, Navi 10/12/14 and Arcturus cards do not come back to a clean state when the VM lets go of them: the kernel's standard resets do not work on them.",
        Fix = "Install the vendor-reset module on the host (it is built with DKMS from github.com/gnif/vendor-reset), load it at boot " +
              "(add vendor-reset to /etc/modules-load.d/), and on kernels 5.15 and later select it for the card: " +
              "echo device_specific > /sys/bus/pci/devices/ADDRESS/reset_method. Until then, only a host reboot resets the card.",
        FixStep = ChecklistStep.Isolate,
    };

    public static KnownProblem FreezesOnSecondStart { get; } = new()
    {
        Id = KnownProblemId.FreezesOnSecondStart,
        Title = "The VM freezes on its second start",
        Symptom = "The first start after a host boot works; the next one hangs with a black screen or a spinning Windows logo, or libvirt reports a timeout.",
        Cause = "The card was not reset when the VM stopped, so it starts the second time in the state the last guest left it. " +
                "The kernel lists how it can reset each device in reset_method; when that list is empty, or the card is one with the reset bug, nothing works.",
        Fix = "For AMD reset-bug families install vendor-reset (see \"The AMD reset bug\"). For other cards check that every function of the card is passed " +
              "(a leftover audio function can block the reset), shut the guest down from inside Windows rather than forcing it off, and reboot the host to recover.",
        FixStep = ChecklistStep.Isolate,
    };

    public static KnownProblem NoPictureEmulatedDisplay { get; } = new()
    {
        Id = KnownProblemId.NoPictureEmulatedDisplay,
        Title = "No picture: Windows shows its desktop on the emulated display",
        Symptom = "The Windows desktop appears in virt-manager's window, and the monitor on the passed card is black or shows only a second, empty desktop.",
        Cause = "The VM still has an emulated graphics device (QXL, VGA or virtio) and Windows uses it as its main display.",
        Fix = "Once the GPU driver is installed, make the passed card's monitor the main display in Windows' display settings, or remove the emulated one: " +
              "<video><model type='none'/></video> and no <graphics> element (use a USB keyboard and mouse passed to the VM, or evdev).",
        FixStep = ChecklistStep.VirtualMachine,
    };

    public static KnownProblem NoPictureWrongCable { get; } = new()
    {
        Id = KnownProblemId.NoPictureWrongCable,
        Title = "No picture: the monitor is on the wrong card",
        Symptom = "The VM runs (the agent answers, the emulated display shows Windows) but the monitor says \"no signal\".",
        Cause = "The monitor cable goes to the host's card or to the motherboard's video output, or the monitor is on another input.",
        Fix = "Plug the monitor into an output of the card you passed to the VM, and select that input on the monitor.",
        FixStep = ChecklistStep.GuestDrivers,
    };

    public static KnownProblem NoPictureRomNeeded { get; } = new()
    {
        Id = KnownProblemId.NoPictureRomNeeded,
        Title = "No picture until Windows loads: the card's ROM is needed",
        Symptom = "The monitor stays black through the UEFI logo and the boot, or the card never shows anything, while the VM runs.",
        Cause = "The VM's firmware (OVMF) runs the card's own ROM to light the screen. When the host firmware booted on this card it may have changed the copy the card shows, " +
                "and some cards have no UEFI ROM at all.",
        Fix = "Give the VM a clean ROM file for this exact card: dump it while the card is not in use (or take it from the maker's image of your exact model), " +
              "put it under /usr/share/vgabios/, and set <rom file='/usr/share/vgabios/card.rom'/> in the card's <hostdev>.",
        FixStep = ChecklistStep.VirtualMachine,
    };

    public static KnownProblem NoPictureBootFramebuffer { get; } = new()
    {
        Id = KnownProblemId.NoPictureBootFramebuffer,
        Title = "No picture: the host still holds the card's boot framebuffer",
        Symptom = "The VM starts but the card shows nothing; the host's kernel log says \"vfio-pci …: BAR 0: can't reserve [mem …]\".",
        Cause = "The host firmware booted on this card, and the kernel's early framebuffer (efifb, simplefb or vesafb) keeps using its memory after vfio-pci took the card.",
        Fix = "Add initcall_blacklist=sysfb_init to the kernel parameters (video=efifb:off on kernels before 5.15), or make the firmware boot on another card.",
        FixStep = ChecklistStep.Host,
    };

    public static KnownProblem AudioCrackling { get; } = new()
    {
        Id = KnownProblemId.AudioCrackling,
        Title = "HDMI/DisplayPort sound crackles or cuts out",
        Symptom = "Sound through the monitor or TV on the passed card crackles, stutters or drops out, worse under load.",
        Cause = "Windows uses old line-based interrupts for the card's audio function, which a VM delivers late. Message-signalled interrupts (MSI) do not have that problem.",
        Fix = "In Windows, turn MSI on for the card's audio function: in the registry key HKLM\\SYSTEM\\CurrentControlSet\\Enum\\PCI\\<the device>\\<instance>\\Device Parameters\\" +
              "Interrupt Management\\MessageSignaledInterruptProperties set the DWORD MSISupported to 1 (or use an MSI utility), then restart Windows. Driver updates may turn it off again.",
        FixStep = ChecklistStep.GuestDrivers,
    };

    public static KnownProblem ArcResizableBar { get; } = new()
    {
        Id = KnownProblemId.ArcResizableBar,
        Title = "Intel Arc is slow or unstable without Resizable BAR",
        Symptom = "Intel's driver or Arc Control says Resizable BAR is off; games stutter or run far below what the card does on bare metal.",
        Cause = "Arc cards are built to see all their memory at once (Resizable BAR). That needs \"Above 4G decoding\" and \"Resizable BAR\" in the host's firmware, " +
                "and a VM firmware (OVMF) that gives the card a 64-bit memory window large enough.",
        Fix = "Turn on Above 4G decoding and Resizable BAR in the host's firmware setup; give OVMF a large 64-bit window, e.g. in the VM's XML " +
              "<qemu:commandline><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=65536'/></qemu:commandline>.",
        FixStep = ChecklistStep.VirtualMachine,
    };

    public static KnownProblem DriverNotInstalled { get; } = new()
    {
        Id = KnownProblemId.DriverNotInstalled,
        Title = "Windows has no driver for the card yet",
        Symptom = "Device Manager lists \"Microsoft Basic Display Adapter\", or the card under \"Other devices\" with a yellow mark; the resolution is low and games do not start.",
        Cause = "Windows found the card but uses its generic driver until the maker's driver is installed.",
        Fix = "Download the driver for the card from its maker's page (step 5 names it) inside the VM and install it, then restart Windows.",
        FixStep = ChecklistStep.GuestDrivers,
    };

    public static IReadOnlyList<KnownProblem> All { get; } =
    [
        Code43, ResetBug, FreezesOnSecondStart, NoPictureEmulatedDisplay, NoPictureWrongCable, NoPictureRomNeeded,
        NoPictureBootFramebuffer, AudioCrackling, ArcResizableBar, DriverNotInstalled,
    ];

    public static KnownProblem Get(KnownProblemId id) => All.Single(p => p.Id == id);
}
