using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>Gives the step-5 advice for a passed GPU, and tells the VM planner whether the hypervisor must be hidden from its driver.</summary>
public static class GuestDriverAdvisor
{
    public const string NvidiaDriverPage = "https://www.nvidia.com/en-us/drivers/";
    public const string AmdDriverPage = "https://www.amd.com/en/support/download/drivers.html";
    public const string IntelArcDriverPage = "https://www.intel.com/content/www/us/en/download/785597/intel-arc-iris-xe-graphics-windows.html";
    public const string IntelDriverPage = "https://www.intel.com/content/www/us/en/download-center/home.html";

    public static GpuVendor VendorOf(PciDevice gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return gpu.VendorId switch
        {
            "10de" => GpuVendor.Nvidia,
            "1002" => GpuVendor.Amd,
            "8086" => GpuVendor.Intel,
            _ => GpuVendor.Other,
        };
    }

    /// <summary>The NVIDIA architecture of the card from its device ID, else from the chip in its pci.ids name; null when neither tells (or not NVIDIA).</summary>
    public static NvidiaGeneration? NvidiaGenerationOf(PciDevice gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (VendorOf(gpu) != GpuVendor.Nvidia) return null;
        return NvidiaGenerations.FromDeviceId(gpu.DeviceId) ?? NvidiaGenerations.FromChipName(gpu.DeviceName);
    }

    /// <summary>Intel Arc: DG2 (Alchemist, 0x5690–0x56bf in pci.ids) and Battlemage (0xe2xx, newer than Debian 12's pci.ids), or "Arc" in the name.</summary>
    public static bool IsIntelArc(PciDevice gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (VendorOf(gpu) != GpuVendor.Intel) return false;
        if (gpu.DeviceName?.Contains("[Arc", StringComparison.Ordinal) == true) return true;
        return int.TryParse(gpu.DeviceId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) &&
               (id is >= 0x5690 and <= 0x56bf || id is >= 0xe200 and <= 0xe2ff);
    }

    /// <summary>Whether the VM must hide the hypervisor (vendor_id + kvm hidden) for the driver this card can use, with the reason.</summary>
    public static HiddenHypervisorAdvice NeedsHiddenHypervisor(PciDevice gpu) => NeedsHiddenHypervisor(gpu, installedDriver: null);

    /// <summary>
    /// As <see cref="NeedsHiddenHypervisor(PciDevice)"/>, knowing the NVIDIA driver the guest has installed (from the guest agent):
    /// a driver before 465 needs the hypervisor hidden whatever the card.
    /// </summary>
    public static HiddenHypervisorAdvice NeedsHiddenHypervisor(PciDevice gpu, NvidiaDriverVersion? installedDriver)
    {
        RequireDisplay(gpu);
        var vendor = VendorOf(gpu);
        if (vendor != GpuVendor.Nvidia)
        {
            return new HiddenHypervisorAdvice
            {
                Need = HiddenHypervisorNeed.NotNeeded,
                Reason = vendor switch
                {
                    GpuVendor.Amd => "AMD's drivers run in a VM as they are: vendor_id and kvm hidden are not needed (they do no harm either).",
                    GpuVendor.Intel => "Intel's drivers run in a VM as they are: vendor_id and kvm hidden are not needed (they do no harm either).",
                    _ => "Only NVIDIA's drivers are known to refuse to run in a VM: vendor_id and kvm hidden are not needed for this card.",
                },
            };
        }

        if (installedDriver is { RunsInVirtualMachine: false } old)
        {
            return new HiddenHypervisorAdvice
            {
                Need = HiddenHypervisorNeed.Required,
                Reason = $"The guest has NVIDIA driver {old}. Drivers before 465 stop with Code 43 when they see a hypervisor: hide it (vendor_id and kvm hidden), or install 465 or later if the card has one.",
            };
        }

        var generation = NvidiaGenerationOf(gpu);
        if (generation is null)
        {
            return new HiddenHypervisorAdvice
            {
                Need = HiddenHypervisorNeed.Recommended,
                Reason = $"This NVIDIA card's generation cannot be told from its ID ({gpu.VendorDevice}) or its name. NVIDIA drivers before 465 stop with Code 43 in a VM; " +
                         "hiding the hypervisor (vendor_id and kvm hidden) avoids that and does no harm.",
            };
        }
        if (!generation.HasDriverFrom465)
        {
            return new HiddenHypervisorAdvice
            {
                Need = HiddenHypervisorNeed.Required,
                Reason = $"This is an NVIDIA {generation.Name} card ({generation.Cards}). Its last Windows driver is {generation.LastWindowsDriver}, older than 465, " +
                         "and every driver before 465 stops with Code 43 when it sees a hypervisor: the VM must hide it (vendor_id and kvm hidden).",
            };
        }
        return new HiddenHypervisorAdvice
        {
            Need = HiddenHypervisorNeed.NotNeeded,
            Reason = $"This is an NVIDIA {generation.Name} card ({generation.Cards}); NVIDIA supports it in a VM from driver 465 on (newest: {generation.LastWindowsDriver}). " +
                     "vendor_id and kvm hidden are needed only if an older driver is installed.",
        };
    }

    public static GuestDriverAdvice Advise(PciDevice gpu)
    {
        RequireDisplay(gpu);
        var vendor = VendorOf(gpu);
        var hiding = NeedsHiddenHypervisor(gpu);
        var generation = NvidiaGenerationOf(gpu);
        var notes = new List<string>();
        var problems = new List<KnownProblem>();
        string? page;
        string download;

        switch (vendor)
        {
            case GpuVendor.Nvidia:
                page = NvidiaDriverPage;
                if (generation is null)
                {
                    download = "Pick the card's product series and model on NVIDIA's page and take the newest Game Ready or Studio driver for Windows 10/11 64-bit.";
                    notes.Add($"Which NVIDIA generation this card is cannot be told from its ID ({gpu.VendorDevice}){(gpu.DeviceName is null ? "" : $" or its name ({gpu.DeviceName})")}. " +
                              "Take a driver of version 465 or later if the card has one; otherwise the VM must hide the hypervisor.");
                }
                else if (generation.HasDriverFrom465)
                {
                    download = $"The newest Windows 10/11 64-bit driver for the card ({generation.Cards}): for {generation.Name} cards that is {generation.LastWindowsDriver}. " +
                               "Any version from 465 on runs in a VM.";
                    notes.Add("NVIDIA drivers before 465 refuse to run in a VM (Code 43); 465 and later support passthrough officially. Do not install an older driver from a CD or an old download.");
                }
                else
                {
                    download = $"Driver {generation.LastWindowsDriver} for Windows 10 64-bit, the last one for {generation.Name} cards: search NVIDIA's page for the card's series and choose that version.";
                    notes.Add($"{generation.Name} cards never got driver 465 or later, so the VM must keep vendor_id and kvm hidden (step 4) for good.");
                }
                problems.Add(KnownProblems.Code43);
                break;
            case GpuVendor.Amd:
                page = AmdDriverPage;
                download = "AMD Software: Adrenalin Edition for the card (choose it under Graphics on AMD's page), Windows 10/11 64-bit. " +
                           "Radeon Pro cards take AMD Software: PRO Edition from the same page.";
                if (ResetQuirks.VendorResetFamily(gpu.VendorId, gpu.DeviceId) is { } family)
                {
                    notes.Add($"AMD {family} cards have the reset bug: without the vendor-reset module on the host the VM may not start a second time until the host reboots.");
                    problems.Add(KnownProblems.ResetBug);
                    problems.Add(KnownProblems.FreezesOnSecondStart);
                }
                break;
            case GpuVendor.Intel when IsIntelArc(gpu):
                page = IntelArcDriverPage;
                download = "Intel Arc & Iris Xe Graphics driver for Windows 10/11 64-bit.";
                notes.Add("Intel Arc needs Resizable BAR for full speed: turn on Above 4G decoding and Resizable BAR in the host's firmware, and give the VM's OVMF a large 64-bit memory window.");
                problems.Add(KnownProblems.ArcResizableBar);
                break;
            case GpuVendor.Intel:
                page = IntelDriverPage;
                download = "The Intel Graphics driver for Windows 10/11 64-bit that matches the processor's generation (Intel's Driver & Support Assistant finds it).";
                notes.Add("Passing Intel integrated graphics to a VM (GVT-d) needs QEMU settings beyond this guide (the IGD OpRegion and legacy mode); expect to need a ROM file.");
                break;
            default:
                page = null;
                var maker = gpu.VendorName ?? $"vendor {gpu.VendorId}";
                download = $"There is no known guest driver page for {maker}. Search the maker's own site for \"{maker} {gpu.DeviceName ?? gpu.VendorDevice} Windows driver\"; " +
                           "Windows Update may also offer one once the card is seen.";
                break;
        }

        if (gpu.BootVga == true)
        {
            notes.Add("The host's firmware boots on this card: its boot framebuffer must be released and a ROM file may be needed for a picture.");
            problems.Add(KnownProblems.NoPictureBootFramebuffer);
            problems.Add(KnownProblems.NoPictureRomNeeded);
        }
        if (gpu.ResetMethods is { Count: 0 } && !problems.Contains(KnownProblems.FreezesOnSecondStart))
        {
            notes.Add("The kernel knows no way to reset this card (its reset_method is empty): after the VM's first shutdown it may not work again until the host reboots.");
            problems.Add(KnownProblems.FreezesOnSecondStart);
        }
        if (gpu.ClassCode == "0302")
            notes.Add("This is a 3D controller without display outputs: it will not light a monitor; Device Manager is where to see it work.");

        problems.Add(KnownProblems.NoPictureEmulatedDisplay);
        problems.Add(KnownProblems.NoPictureWrongCable);

        return new GuestDriverAdvice
        {
            Vendor = vendor,
            GpuName = gpu.DisplayName,
            DownloadPage = page,
            WhatToDownload = download,
            WhatYouShouldSee = WhatYouShouldSee(gpu),
            NvidiaGeneration = generation,
            HiddenHypervisor = hiding,
            Notes = notes,
            KnownProblems = problems,
        };
    }

    private static List<string> WhatYouShouldSee(PciDevice gpu)
    {
        var name = gpu.DeviceName ?? gpu.DisplayName;
        var seen = new List<string>
        {
            $"Device Manager (Win+X, Device Manager) lists the card under \"Display adapters\" by its name ({name}) with no yellow mark, not as \"Microsoft Basic Display Adapter\".",
        };
        seen.Add(gpu.ClassCode == "0302"
            ? "The card has no display outputs: it shows up in Task Manager's Performance tab as a GPU once its driver runs."
            : "The monitor plugged into the passed card shows the Windows desktop, at its full resolution after the driver is installed.");
        seen.Add("The maker's control panel (NVIDIA Control Panel, AMD Software, Intel Graphics Command Center or Arc Control) opens and names the card.");
        return seen;
    }

    private static void RequireDisplay(PciDevice gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (!PciClass.IsDisplay(gpu.ClassCode))
            throw new ArgumentException($"{gpu.Address} is not a display device (class {gpu.ClassCode}): guest driver advice is for the GPU's display function.", nameof(gpu));
    }
}
