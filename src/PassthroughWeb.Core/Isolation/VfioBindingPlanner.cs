using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Step 3: plans how a card's functions go to vfio-pci. By ID (<c>options vfio-pci ids=</c>) when no other device
/// shares an ID with them; by address (<c>driver_override</c> set at boot, the IDs checked first) when one does;
/// a softdep puts vfio-pci before every driver that would claim a function. The plan edits
/// etc/modprobe.d/vfio.conf and hands the initramfs systems what they must carry.
/// </summary>
public static class VfioBindingPlanner
{
    public const string Step = "isolate";

    private static readonly string[] VfioModules = ["vfio_pci", "vfio", "vfio_iommu_type1"];

    public static VfioBindingPlan Plan(HostRoot root, ScanReport scan, IsolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        var safety = IsolationSafety.Check(root, scan, request);
        var config = ModprobeConfig.Load(root);
        var kernels = InstalledKernel.LoadAll(root);
        var gpu = IsolationSafety.Find(scan, request.Gpu);
        if (gpu is null)
        {
            return new VfioBindingPlan
            {
                Gpu = request.Gpu,
                Functions = [],
                Method = BindingMethod.ById,
                MethodExplanation = "No card was found at that address, so nothing is bound.",
                AddressBindings = [],
                Drivers = [],
                KernelParameters = [],
                VfioBuiltin = false,
                Safety = safety,
                Findings = ModprobeLinter.Lint(config, scan, null, kernels),
            };
        }

        var functions = gpu.Functions.Select(a => scan.FindDevice(a)).OfType<PciDevice>().OrderBy(d => d.Address).ToList();
        var functionSet = functions.Select(f => f.Address).ToHashSet();
        var functionIds = functions.Select(f => f.VendorDevice).Distinct(StringComparer.Ordinal).ToList();
        var sharing = scan.Devices.Where(d => !functionSet.Contains(d.Address) && functionIds.Contains(d.VendorDevice, StringComparer.Ordinal)).ToList();
        var method = sharing.Count == 0 ? BindingMethod.ById : BindingMethod.ByAddress;

        var builtinIn = kernels.Where(k => k.IsBuiltin("vfio_pci")).ToList();
        var builtin = builtinIn.Count > 0;
        var notes = new List<string>();
        string explanation;
        if (method == BindingMethod.ById)
        {
            explanation = $"Bound by ID: no other device of this host has {Join(functionIds)}, so vfio-pci's ids= takes exactly this card's {functions.Count} function{(functions.Count == 1 ? "" : "s")} ({Join(functions.Select(f => f.Address.ToString()))})" +
                          (builtin ? ", given as the kernel parameter vfio-pci.ids= because vfio-pci is built into the kernel and modprobe.d options do not reach a built-in module." : ", in etc/modprobe.d/vfio.conf.");
        }
        else
        {
            var shared = sharing.Select(d => $"{d.VendorDevice} is also {d.Address} ({d.DisplayName})");
            explanation = $"Bound by address: {Join(shared)}, which the host keeps. vfio-pci's ids= takes every device with an ID, so it would take {(sharing.Count == 1 ? "that device" : "those devices")} from the host too. " +
                          $"Instead a script in the initramfs sets driver_override to vfio-pci for exactly {Join(functions.Select(f => f.Address.ToString()))}, before any GPU driver or udev can claim them, " +
                          "after checking that each address still holds the expected vendor:device ID (a card moved to another slot is left alone, with a message in the kernel log).";
        }
        notes.Add(explanation);
        notes.Add(safety.HostDisplay);
        notes.AddRange(safety.Warnings);
        if (builtin)
            notes.Add($"vfio-pci is built into kernel {Join(builtinIn.Select(k => k.Version))}: it is there before any module loads, so no softdep is needed" +
                      (method == BindingMethod.ById ? ", and its options go on the kernel command line (vfio-pci.ids=), which the boot loader step writes." : "; the address binding still uses driver_override."));
        if (builtin && builtinIn.Count < kernels.Count(k => k.HasModuleList))
            notes.Add($"Not every installed kernel builds vfio-pci in ({Join(kernels.Where(k => k.HasModuleList && !k.IsBuiltin("vfio_pci")).Select(k => k.Version))} has it as a module): the modprobe.d lines are kept for those.");

        var drivers = functions.SelectMany(f => DriverModules.ClaimingModules(f, kernels)).Distinct(StringComparer.Ordinal).ToList();
        if (functions.Any(f => f.ClassCode == "0c80" && f.VendorId == "10de"))
            notes.Add("The card's USB-C controller (UCSI) function is claimed by i2c_nvidia_gpu; ucsi_ccg and typec_nvidia bind to the I2C device that driver creates, never to the PCI function, so once vfio-pci holds the function they do not load for it.");

        var passesVga = functions.Any(f => f.ClassCode == "0300");
        var forbidden = method == BindingMethod.ByAddress || builtin ? functionIds : [];
        var wanted = method == BindingMethod.ById && !builtin ? functionIds : [];
        var otherIdDevices = OtherIdDevices(config, scan, functionSet, forbidden);
        var keepVga = passesVga || otherIdDevices.Any(d => d.ClassCode == "0300");
        // Options and softdeps in modprobe.d only matter to kernels that have vfio-pci as a module.
        var allBuiltin = builtin && kernels.Count(k => k.HasModuleList) == builtinIn.Count;
        var edit = new VfioConfEdit
        {
            WantedIds = wanted,
            ForbiddenIds = forbidden,
            DisableVga = allBuiltin ? null : keepVga ? (passesVga ? true : null) : false,
            SoftdepModules = allBuiltin ? [] : drivers,
        };
        var before = root.TryReadText(VfioConfEditor.Path);
        var (after, editNotes) = VfioConfEditor.Edit(before, edit, config);
        notes.AddRange(editNotes);

        foreach (var line in config.Lines.Where(l => l.File != VfioConfEditor.Path && l.Directive == ModprobeDirective.Options && l.Module == "vfio_pci"))
        {
            var listed = line.Parameters.Where(p => p.StartsWith("ids=", StringComparison.Ordinal))
                .SelectMany(p => p[4..].Split(',')).Where(i => forbidden.Contains(VfioConfEditor.Canonical(i), StringComparer.Ordinal)).ToList();
            if (listed.Count > 0)
                notes.Add($"{line.File}:{line.LineNumber} also lists {Join(listed)} in vfio-pci's ids=: remove {(listed.Count == 1 ? "it" : "them")} there, or vfio-pci still takes every device with {(listed.Count == 1 ? "that ID" : "those IDs")}.");
        }

        var kernelParameters = new List<string>();
        if (builtin && method == BindingMethod.ById) kernelParameters.Add("vfio-pci.ids=" + string.Join(',', functionIds));
        if (builtin && passesVga) kernelParameters.Add("vfio-pci.disable_vga=1");

        var bindings = method == BindingMethod.ByAddress ? functions.Select(f => new AddressBinding(f.Address, f.VendorId, f.DeviceId)).ToList() : [];
        var modules = new List<string>();
        foreach (var module in VfioModules)
        {
            if (!kernels.Any(k => k.HasModuleList) || kernels.Any(k => k.HasModuleList && !k.IsBuiltin(module))) modules.Add(module);
        }
        var virqfd = kernels.Where(k => k.HasSeparateVfioVirqfd && !k.IsBuiltin("vfio_virqfd")).ToList();
        if (virqfd.Count > 0)
        {
            modules.Add("vfio_virqfd");
            notes.Add($"Kernel {Join(virqfd.Select(k => k.Version))} is older than 6.2, where vfio_virqfd is still a module of its own: it is loaded with the other vfio modules.");
        }

        var files = new List<FileChange>();
        if (before is null ? after.Length > 0 : after != before)
            files.Add(new FileChange
            {
                Path = VfioConfEditor.Path,
                Before = before,
                After = after,
                Mode = before is null ? (UnixFileMode)0b110_100_100 : null,
                Reason = method == BindingMethod.ById && !builtin
                    ? $"vfio-pci takes {Join(functionIds)} at boot, and loads before {Join(drivers)}."
                    : $"vfio-pci loads before {Join(drivers)}; the card is bound {(method == BindingMethod.ByAddress ? "by address at boot" : "through the kernel command line")}, so ids= must not list {Join(functionIds)}.",
            });

        return new VfioBindingPlan
        {
            Gpu = gpu.Address,
            Functions = functions.Select(f => f.Address).ToList(),
            Method = method,
            MethodExplanation = explanation,
            AddressBindings = bindings,
            Drivers = drivers,
            KernelParameters = kernelParameters,
            VfioBuiltin = builtin,
            Safety = safety,
            Findings = ModprobeLinter.Lint(config, scan, functionSet, kernels),
            Changes = safety.IsRefused ? null : new ChangePlan
            {
                Steps = [Step],
                Summary = $"Isolate {gpu.Name} ({gpu.Address}) for a VM: bind its {functions.Count} function{(functions.Count == 1 ? "" : "s")} to vfio-pci by {(method == BindingMethod.ById ? "ID" : "address")}.",
                Files = files,
                Commands = [],
                Notes = notes,
                NeedsReboot = files.Count > 0,
            },
            Payload = safety.IsRefused ? null : new InitramfsPayload
            {
                Modules = modules,
                GpuDrivers = drivers,
                ModprobeFiles = [VfioConfEditor.Path],
                AddressBindings = bindings,
                BindingScript = bindings.Count > 0 ? BindingScript.Build(bindings, builtin) : null,
            },
        };
    }

    /// <summary>Devices other than the card that vfio.conf's ids= (after the forbidden IDs are removed) would take.</summary>
    private static List<PciDevice> OtherIdDevices(ModprobeConfig config, ScanReport scan, HashSet<PciAddress> functions, IReadOnlyList<string> forbidden)
    {
        var ids = config.Lines.Where(l => l.File == VfioConfEditor.Path && l.Directive == ModprobeDirective.Options && l.Module == "vfio_pci")
            .SelectMany(l => l.Parameters.Where(p => p.StartsWith("ids=", StringComparison.Ordinal)))
            .SelectMany(p => VfioPciId.ParseList(p[4..]))
            .Where(e => e.Id is not null && !forbidden.Contains(e.Id.VendorDevice, StringComparer.Ordinal))
            .Select(e => e.Id!)
            .ToList();
        return scan.Devices.Where(d => !functions.Contains(d.Address) && ids.Any(i => i.Matches(d))).ToList();
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
