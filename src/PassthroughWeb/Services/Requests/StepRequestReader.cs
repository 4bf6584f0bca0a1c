using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services.Requests;

/// <summary>
/// Reads what a door was asked to plan, apply or rehearse (a card, the steps, their options) into the engine's request,
/// or says what is accepted. The CLI and the HTTP API both come through here, so they accept exactly the same requests;
/// only the names of the fields in the messages differ (<see cref="StepRequestWords"/>).
/// </summary>
public static class StepRequestReader
{
    /// <summary>A card's address (the domain may be left out); null and a message when it is not one.</summary>
    public static PciAddress? ReadGpu(string gpuText, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(gpuText);
        if (!PciAddress.TryParse(gpuText.Contains(':', StringComparison.Ordinal) && gpuText.Count(c => c == ':') == 1 ? "0000:" + gpuText : gpuText, out var gpu))
        {
            problem = $"'{gpuText}' is not a PCI address: give it as dddd:bb:ss.f (0000:07:00.0) or bb:ss.f (07:00.0), as `scan` lists it.";
            return null;
        }
        problem = null;
        return gpu.Value;
    }

    /// <summary>The message when a step that needs a card is given none.</summary>
    public static string GpuNeededFor(string steps, StepRequestWords words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return $"{words.Gpu} is required with {words.Steps(steps)}: give the card to pass through, by the address `scan` lists (07:00.0). Step 2 ({words.Steps("host")}) alone works without a card.";
    }

    /// <summary>
    /// Whether the steps ask for the VM step: true for <c>vm</c> alone, false when it is not named, null (with the
    /// problem) when it is combined with steps 2 or 3, which need a reboot the VM step does not.
    /// </summary>
    public static bool? IsVmStep(string stepsText, StepRequestWords words, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(stepsText);
        ArgumentNullException.ThrowIfNull(words);
        var names = stepsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        problem = null;
        if (!names.Contains(VmPlanner.StepName, StringComparer.Ordinal)) return false;
        if (names.All(n => n == VmPlanner.StepName)) return true;
        problem = $"{words.Steps(stepsText)}: the VM step 'vm' cannot be combined with 'host' or 'isolate'. Steps 2 and 3 change the host's boot and take effect after a reboot; " +
                  $"step 4 redefines a VM and needs none. Apply host,isolate first, reboot and verify, then plan {words.Steps("vm")} on its own.";
        return null;
    }

    /// <summary>The VM options given with steps 2 or 3, which they do not take.</summary>
    public static string OnlyForVm(IReadOnlyList<string> given, StepRequestWords words)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(words);
        return $"{string.Join(", ", given)} {(given.Count == 1 ? "belongs" : "belong")} to the VM step: use {(given.Count == 1 ? "it" : "them")} with {words.Steps("vm")}.";
    }

    /// <summary>The step-2/3 options given with the VM step, which it does not take.</summary>
    public static string NotForVm(StepRequestWords words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return $"{words.SingleGpu} and {words.Extra} belong to steps 2 and 3 (host, isolate), not to {words.Steps("vm")}.";
    }

    /// <summary>Steps 2 and/or 3 with their options, read (no card for step 2 alone); null and a message on bad input.</summary>
    public static (PciAddress? Gpu, IReadOnlyList<HostStep> Steps, StepPlanOptions Options)? ReadHostSteps(
        string? gpuText, string stepsText, bool singleGpu, IReadOnlyList<string>? extras, StepRequestWords words, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(words);
        PciAddress? gpu = null;
        if (gpuText is not null)
        {
            if (ReadGpu(gpuText, out problem) is not { } given) return null;
            gpu = given;
        }
        var steps = HostSteps.TryParse(stepsText, out problem);
        if (steps is null) return null;
        if (gpu is null && steps.Contains(HostStep.Isolate))
        {
            problem = GpuNeededFor(stepsText, words);
            return null;
        }
        var options = new StepPlanOptions { SingleGpuChosen = singleGpu };
        foreach (var extra in extras ?? [])
        {
            switch (extra.Trim())
            {
                case "video=efifb:off" or "initcall_blacklist=sysfb_init":
                    options = options with { PassingBootGpu = true };
                    break;
                case var acs when acs == "pcie_acs_override" || acs.StartsWith("pcie_acs_override=", StringComparison.Ordinal):
                    options = options with { AcsOverride = true };
                    break;
                default:
                    problem = $"'{extra}' is not an extra PassthroughWeb offers: use video=efifb:off (or initcall_blacklist=sysfb_init) for the boot GPU, or pcie_acs_override. The IOMMU parameters for the CPU are added without asking.";
                    return null;
            }
        }
        if ((options.PassingBootGpu || options.AcsOverride) && !steps.Contains(HostStep.Host))
        {
            problem = $"{words.Extra} adds kernel parameters, which step 2 writes: include host in {words.StepsField}.";
            return null;
        }
        return (gpu, steps, options);
    }

    /// <summary>Step 4 for an existing VM, read; null and a message on bad input.</summary>
    public static VmStepOptions? ReadVmStep(string gpuText, string? vm, bool? hideHypervisor, string? connection, string? vendorId, string? romFile, StepRequestWords words, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (ReadGpu(gpuText, out problem) is not { } gpu) return null;
        if (string.IsNullOrWhiteSpace(vm))
        {
            problem = $"{words.Steps("vm")} needs {words.Vm}: the VM to give the card to (PassthroughWeb vms lists them).";
            return null;
        }
        // Checked here, before libvirt is asked anything, with the engine's rules: the same for every door.
        problem = VmNameRules.ProblemForExisting(vm)
            ?? (vendorId is null ? null : HypervVendorId.Validate(vendorId))
            ?? (romFile is null ? null : Core.Host.HostFilePath.Problem(romFile, "The ROM file path"));
        if (problem is not null) return null;
        return new VmStepOptions { Vm = vm, Gpu = gpu, Connection = connection, HideHypervisor = hideHypervisor, VendorId = vendorId, RomFile = romFile };
    }
}
