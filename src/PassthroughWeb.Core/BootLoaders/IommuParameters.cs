using System.Text.RegularExpressions;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The kernel parameters that turn the IOMMU on for passthrough, by CPU vendor, with the extras a user may choose.</summary>
public static partial class IommuParameters
{
    public const string AcsOverrideValue = "downstream,multifunction";

    public static IommuParameterSet For(CpuVendor vendor, IommuExtras extras)
    {
        ArgumentNullException.ThrowIfNull(extras);
        var wanted = new List<WantedParameter>();
        var unwanted = new List<UnwantedParameter>();
        var notes = new List<string>();
        var problems = new List<string>();

        switch (vendor)
        {
            case CpuVendor.Intel:
                wanted.Add(new WantedParameter
                {
                    Parameter = KernelParameter.Parse("intel_iommu=on"),
                    Explanation = "Turns on Intel VT-d. Most kernels leave the Intel IOMMU off unless asked, and without it there are no IOMMU groups to pass a GPU through.",
                    ConflictingValues = ["off"],
                    ValueIsList = true,
                });
                break;
            case CpuVendor.Amd:
                // AMD-Vi is on by default when the firmware enables it; only an explicit off stands in the way.
                unwanted.Add(new UnwantedParameter
                {
                    Name = "amd_iommu",
                    Values = ["off"],
                    Reason = "amd_iommu=off turns the AMD IOMMU off, and passthrough needs it; the AMD IOMMU is on by default once it is gone.",
                });
                break;
            default:
                problems.Add("The CPU is neither Intel nor AMD (or its vendor could not be read from proc/cpuinfo), so the IOMMU parameters for it are not known.");
                break;
        }
        if (vendor is CpuVendor.Intel or CpuVendor.Amd)
        {
            wanted.Add(new WantedParameter
            {
                Parameter = KernelParameter.Parse("iommu=pt"),
                Explanation = "Pass-through mode: devices the host keeps use identity mappings, so only devices given to a VM pay for IOMMU translation.",
                ConflictingValues = ["off", "nopt"],
                ValueIsList = true,
            });
        }

        if (extras.PassingBootGpu)
        {
            wanted.Add(new WantedParameter
            {
                Parameter = KernelParameter.Parse("video=efifb:off"),
                Explanation = "The GPU you pass is the one the firmware booted on: the EFI framebuffer driver (efifb) would hold its memory and keep vfio-pci from using the card. The host console stops showing on that GPU.",
                IsExtra = true,
            });
            wanted.Add(new WantedParameter
            {
                Parameter = KernelParameter.Parse("initcall_blacklist=sysfb_init"),
                ValueIsList = true,
                Explanation = "Kernels from 5.15 on set the boot framebuffer up through sysfb (simplefb/simpledrm), which video=efifb:off does not stop; skipping sysfb_init leaves the boot GPU free for vfio-pci.",
                IsExtra = true,
            });
        }

        if (extras.VfioPciIds.Count > 0)
        {
            var bad = extras.VfioPciIds.Where(id => !PciIdPattern().IsMatch(id)).ToList();
            if (bad.Count > 0)
            {
                problems.Add($"Not a PCI ID for vfio-pci.ids: {string.Join(", ", bad.Select(b => $"'{b}'"))}. Each ID is vendor:device in hex (10de:1b80), optionally followed by :subvendor:subdevice.");
            }
            else if (extras.VfioPciBuiltIn)
            {
                wanted.Add(new WantedParameter
                {
                    Parameter = KernelParameter.Parse("vfio-pci.ids=" + string.Join(',', extras.VfioPciIds.Select(i => i.ToLowerInvariant()).Distinct(StringComparer.Ordinal))),
                    Explanation = "vfio-pci is built into this kernel (it is listed in modules.builtin), so options in modprobe.d never reach it: the command line is the only place to give it the IDs to claim at boot.",
                    IsExtra = true,
                    ReplacesOtherValues = true,
                });
            }
            else
            {
                notes.Add("vfio-pci is a loadable module on this kernel, so the device IDs are not put on the command line: step 3 gives them to vfio-pci through modprobe.d, where the initramfs picks them up.");
            }
        }

        if (extras.AcsOverride)
        {
            if (extras.KernelCarriesAcsOverridePatch)
            {
                wanted.Add(new WantedParameter
                {
                    Parameter = KernelParameter.Parse("pcie_acs_override=" + AcsOverrideValue),
                    Explanation = "Makes the patched kernel pretend that PCIe ports and multifunction devices isolate their functions, splitting IOMMU groups the hardware reports as shared.",
                    IsExtra = true,
                    ReplacesOtherValues = true,
                    Warning = "The override does not add isolation, it only hides its absence: devices in a split group can still reach each other's memory by peer-to-peer DMA, so a VM given one of them may read or corrupt memory of devices the host kept. Use it only on a machine where that risk is acceptable.",
                });
            }
            else
            {
                notes.Add("pcie_acs_override was not added: the kernel that boots does not carry the ACS override patch (it is in linux-zen, Proxmox, XanMod and Liquorix kernels, not in mainline), and an unpatched kernel ignores the parameter.");
            }
        }

        return new IommuParameterSet { Wanted = wanted, Unwanted = unwanted, Notes = notes, Problems = problems };
    }

    [GeneratedRegex("^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}(:[0-9a-fA-F]{4}){0,2}$")]
    private static partial Regex PciIdPattern();
}
