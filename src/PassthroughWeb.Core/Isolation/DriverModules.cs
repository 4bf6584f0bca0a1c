using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Which modules claim a PCI function: the driver sysfs shows (named by its <c>pci_driver</c>, which is not
/// always the module's name: xHCI is driver <c>xhci_hcd</c> in module <c>xhci_pci</c>), the kernel's own
/// <c>modules.alias</c> when the host has it, and the usual drivers of the function's class and vendor.
/// </summary>
public static class DriverModules
{
    /// <summary>The module that provides a sysfs driver name.</summary>
    public static string ModuleOf(string driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return driver switch
        {
            "xhci_hcd" => "xhci_pci",
            "ehci-pci" or "ehci_hcd" => "ehci_pci",
            "ohci-pci" or "ohci_hcd" => "ohci_pci",
            "nvidia-gpu" => "i2c_nvidia_gpu",
            "pcieport" => "pcieport",
            _ => ModuleNames.Normalize(driver),
        };
    }

    /// <summary>Modules that are not device drivers of a passed function and must never get a vfio softdep.</summary>
    public static bool IsVfio(string module) => ModuleNames.Normalize(module) is "vfio_pci" or "vfio" or "vfio_pci_core" or "pci_stub";

    /// <summary>
    /// Every module that could claim the function at boot, in a stable order: the bound driver, the host kernels'
    /// aliases, then the common drivers for its class and vendor (so a host whose driver is not loaded yet, or
    /// the proprietary nvidia driver which no kernel alias names, is still covered).
    /// </summary>
    public static IReadOnlyList<string> ClaimingModules(PciDevice device, IReadOnlyList<InstalledKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(kernels);
        var modules = new List<string>();
        void Add(string module)
        {
            var name = ModuleNames.Normalize(module);
            if (!IsVfio(name) && name != "pcieport" && !modules.Contains(name)) modules.Add(name);
        }
        if (device.Driver is { } driver) Add(ModuleOf(driver));
        var modalias = PciModalias.For(device);
        foreach (var kernel in kernels)
        {
            foreach (var module in kernel.ModulesFor(modalias)) Add(module);
        }
        // The by-class list is a guess for drivers that are not loaded now; on a host whose module list is known,
        // guess only modules that exist, or the softdep we write would be linted as naming an unknown module.
        var moduleListsKnown = kernels.Any(k => k.HasModuleList);
        foreach (var module in ByClass(device))
        {
            if (!moduleListsKnown || kernels.Any(k => k.Knows(module))) Add(module);
        }
        return modules;
    }

    private static IEnumerable<string> ByClass(PciDevice device)
    {
        if (PciClass.IsDisplay(device.ClassCode))
        {
            switch (device.VendorId)
            {
                case "1002":
                    yield return "amdgpu";
                    yield return "radeon";
                    break;
                case "10de":
                    yield return "nouveau";
                    yield return "nvidia";
                    yield return "nvidia_drm";
                    break;
                case "8086":
                    yield return "i915";
                    yield return "xe";
                    break;
            }
        }
        else if (PciClass.IsAudio(device.ClassCode))
        {
            yield return "snd_hda_intel";
        }
        else if (PciClass.IsUsb(device.ClassCode))
        {
            yield return "xhci_pci";
        }
        else if (device.ClassCode == "0c80" && device.VendorId == "10de")
        {
            // The USB-C controller's UCSI function of Turing/Ampere cards: an I2C bridge, then the Type-C driver on it.
            yield return "i2c_nvidia_gpu";
        }
    }
}
