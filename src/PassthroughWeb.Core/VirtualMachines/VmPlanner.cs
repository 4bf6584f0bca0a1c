using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// Plans step 4 for an existing VM: checks the VM against the card and the guide, and edits its inactive XML so the
/// card's functions are passed through (plus UEFI, vendor_id/hidden and a ROM file as asked). <see cref="Plan"/> is a
/// pure function of what libvirt and the scan said; <see cref="PlanAsync"/> gathers that through <see cref="Virsh"/>.
/// </summary>
public static class VmPlanner
{
    public const string StepName = "vm";

    /// <summary>Reads the chosen VM, its state and every other VM's hostdevs through virsh, then plans.</summary>
    public static async Task<VmPlanResult> PlanAsync(HostRoot root, ScanReport scan, VmPlanRequest request, Virsh virsh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(virsh);
        if (virsh.Connection != request.Connection)
            throw new ArgumentException($"The virsh client talks to {virsh.Connection}, the request names {request.Connection}.", nameof(virsh));

        var domains = await virsh.ListDomainsAsync(cancellationToken).ConfigureAwait(false);
        if (!domains.Succeeded) return Error(request, domains.Error.Message);
        var chosen = domains.GetValue().FirstOrDefault(d => d.Name == request.DomainName);
        if (chosen is null)
            return Error(request, $"There is no VM named '{request.DomainName}' at {request.Connection}. Defined VMs: " +
                                  (domains.GetValue().Count == 0 ? "none." : string.Join(", ", domains.GetValue().Select(d => "'" + d.Name + "'")) + "."));

        var xml = await virsh.DumpXmlAsync(chosen.Name, inactive: true, cancellationToken).ConfigureAwait(false);
        if (!xml.Succeeded) return Error(request, xml.Error.Message);

        var others = new List<DomainDefinition>();
        foreach (var other in domains.GetValue().Where(d => d.Name != chosen.Name))
        {
            var otherXml = await virsh.DumpXmlAsync(other.Name, inactive: true, cancellationToken).ConfigureAwait(false);
            if (!otherXml.Succeeded)
            {
                if (otherXml.Error.Kind == LibvirtErrorKind.DomainNotFound) continue; // undefined meanwhile
                return Error(request, otherXml.Error.Message);
            }
            if (DomainDefinition.TryParse(otherXml.GetValue(), out var definition, out _)) others.Add(definition);
        }
        return Plan(root, scan, request, new VmDomainSnapshot { InactiveXml = xml.GetValue(), State = chosen.State, OtherDomains = others });
    }

    public static VmPlanResult Plan(HostRoot root, ScanReport scan, VmPlanRequest request, VmDomainSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);

        if (request.VendorId is not null && HypervVendorId.Validate(request.VendorId) is { } vendorError)
            return Error(request, vendorError);
        if (request.RomFile is { } rom)
        {
            if (HostFilePath.Problem(rom, "The ROM file path") is { } romProblem) return Error(request, romProblem);
            if (!root.TryResolve(rom, out var romOnMachine, out var refusal))
                return Error(request, $"The ROM file path is refused: {refusal} Give the path of a file on the host itself.");
            if (!root.FileExists(rom))
                return Error(request, $"The ROM file {rom} does not exist on the host (looked at {romOnMachine}). Dump or download the card's ROM there first, or leave the ROM file out.");
        }
        var functions = CardFunctions(scan, request.Gpu);
        if (functions.Count == 0)
            return Error(request, $"No PCI device at {request.Gpu} in the scan of {scan.HostName}: scan the host again and choose a card it lists.");
        if (!DomainDefinition.TryParse(snapshot.InactiveXml, out var domain, out var parseError))
            return Error(request, $"The definition of '{request.DomainName}' cannot be read: {parseError}");
        DomainEditor editor;
        try
        {
            editor = DomainEditor.Load(snapshot.InactiveXml);
        }
        catch (InvalidOperationException e)
        {
            // The editor changes the text in place and must find every element in it; when it cannot, nothing is written.
            return Error(request, $"The definition of '{request.DomainName}' cannot be edited in place ({e.Message}); nothing was changed. Edit it with virsh edit.");
        }

        var findings = new List<VmFinding>();
        var reasons = new List<string>();
        CheckState(snapshot.State, request.DomainName, findings);
        CheckMachine(domain, findings);
        var newFeatures = new NewFeatures(editor);
        PlanFirmware(domain, editor, newFeatures, findings, reasons);
        foreach (var mdev in domain.MediatedHostdevs)
            findings.Add(new VmFinding
            {
                Id = "mdev-present", Severity = VmFindingSeverity.Info, FixedByPlan = false,
                Explanation = $"The VM has a mediated device (vGPU {mdev.Uuid}): a slice of a host GPU made by the host driver. That is not PCI passthrough; it stays as it is.",
                Fix = "Nothing to do; remove the mediated device yourself if the passed-through card replaces it.",
            });
        var gpuFunction = scan.Gpus.FirstOrDefault(g => g.Functions.Contains(functions[0]))?.Address ?? functions[0];
        PlanHostdevs(scan, request, domain, snapshot, editor, functions, gpuFunction, findings, reasons);
        PlanHiding(request, domain, editor, newFeatures, findings, reasons);
        newFeatures.Write();

        var blocking = findings.Where(f => f.Severity == VmFindingSeverity.Blocking && !f.FixedByPlan).ToList();
        if (blocking.Count > 0)
            return new VmPlanResult
            {
                Outcome = VmPlanOutcome.Refused, Request = request, Domain = domain, Findings = findings, CardFunctions = functions,
                Message = string.Join(" ", blocking.Select(b => b.Explanation + " " + b.Fix)),
                CanOfferShutdown = snapshot.State is DomainState.Running or DomainState.Blocked,
            };

        var after = editor.HasEdits ? editor.ToXml() : snapshot.InactiveXml;
        var changes = after == snapshot.InactiveXml
            ? []
            : new List<DomainChange>
            {
                new()
                {
                    Connection = request.Connection, Name = domain.Name, Before = snapshot.InactiveXml, After = after,
                    Reason = $"Pass {Describe(functions)} to '{domain.Name}': " + string.Join("; ", reasons) + ".",
                },
            };
        var summary = changes.Count == 0
            ? $"'{domain.Name}' already passes {Describe(functions)} through as planned: nothing to change."
            : $"Redefine '{domain.Name}' at {request.Connection}: {string.Join("; ", reasons)}.";
        var notes = new List<string>
        {
            "The VM's previous definition is kept: rolling back redefines it exactly.",
        };
        if (changes.Count > 0) notes.Add("The change takes effect the next time the VM starts; nothing on the host reboots.");
        return new VmPlanResult
        {
            Outcome = VmPlanOutcome.Planned, Request = request, Domain = domain, Findings = findings, CardFunctions = functions,
            Message = summary,
            Plan = new ChangePlan { Steps = [StepName], Summary = summary, Files = [], Commands = [], Domains = changes, Notes = notes },
        };
    }

    private static void CheckState(DomainState state, string name, List<VmFinding> findings)
    {
        if (state == DomainState.ShutOff) return;
        var offer = state is DomainState.Running or DomainState.Blocked;
        findings.Add(new VmFinding
        {
            Id = "vm-running", Severity = VmFindingSeverity.Blocking, FixedByPlan = false,
            Explanation = $"'{name}' is {DomainStates.Describe(state)}. Its definition is edited only while it is shut off, so the change is not mixed up with a running guest's state.",
            Fix = offer
                ? "Shut the VM down from inside the guest, or let the app ask it to shut down cleanly (the ACPI power button, virsh shutdown); then plan again. The app never forces a VM off."
                : "Bring the VM to a clean stop (resume it and shut it down from inside the guest), then plan again. The app never forces a VM off.",
        });
    }

    private static void CheckMachine(DomainDefinition domain, List<VmFinding> findings)
    {
        if (domain.MachineFamily == MachineFamily.Q35) return;
        findings.Add(new VmFinding
        {
            Id = domain.MachineFamily == MachineFamily.I440fx ? "machine-i440fx" : "machine-not-q35",
            Severity = VmFindingSeverity.Warning, FixedByPlan = false,
            Explanation = $"'{domain.Name}' uses the {domain.Machine ?? "default"} machine type, not q35. The guide uses q35: its PCI Express slots are what modern GPU drivers expect; " +
                          "on the old i440fx chipset a card often works but some drivers and features (resizable BAR, some AMD cards) do not.",
            Fix = "Create a new VM with the q35 chipset (the create-VM form does it) and attach this VM's disk to it. The app does not switch the chipset in place: " +
                  "every device would move to a new bus, and an installed guest (Windows above all) may not boot or may lose its drivers.",
        });
    }

    private static void PlanFirmware(DomainDefinition domain, DomainEditor editor, NewFeatures features, List<VmFinding> findings, List<string> reasons)
    {
        if (domain.Firmware == FirmwareKind.Uefi) return;
        var os = editor.Root.Element("os")!;
        editor.SetAttribute(os, "firmware", "efi");
        if (os.Element("loader") is { } loader) editor.Remove(loader);
        // libvirt refuses UEFI without ACPI on x86.
        if (editor.Root.Element("features")?.Element("acpi") is null) features.Add(new XElement("acpi"));
        findings.Add(new VmFinding
        {
            Id = "firmware-bios", Severity = VmFindingSeverity.Warning, FixedByPlan = true,
            Explanation = $"'{domain.Name}' boots legacy BIOS ({domain.FirmwareEvidence}). GPU passthrough needs UEFI firmware (OVMF): the card's UEFI ROM initialises it at boot.",
            Fix = "The plan sets <os firmware='efi'> so libvirt picks OVMF. A guest already installed for BIOS will not boot from UEFI until its disk is converted to GPT " +
                  "(Windows: mbr2gpt /convert from the recovery console) or it is reinstalled; a VM without an installed system just boots its installer in UEFI mode.",
        });
        reasons.Add("switch the firmware to UEFI (OVMF)");
    }

    private static void PlanHostdevs(ScanReport scan, VmPlanRequest request, DomainDefinition domain, VmDomainSnapshot snapshot, DomainEditor editor,
        List<PciAddress> functions, PciAddress gpuFunction, List<VmFinding> findings, List<string> reasons)
    {
        var devices = editor.Root.Element("devices");
        var hostdevs = devices?.Elements("hostdev").Where(DomainDefinition.IsPciHostdev)
            .Select(e => (Element: e, Read: DomainDefinition.ReadPciHostdev(e)!)).ToList() ?? [];

        // Duplicates: libvirt refuses a second hostdev for the same function; keep the first of each.
        var kept = new List<(XElement Element, PciHostdev Read)>();
        var removed = new List<PciAddress>();
        foreach (var group in hostdevs.GroupBy(h => h.Read.Source))
        {
            kept.Add(group.First());
            foreach (var extra in group.Skip(1))
            {
                editor.Remove(extra.Element);
                removed.Add(extra.Read.Source);
            }
        }
        if (removed.Count > 0)
        {
            findings.Add(new VmFinding
            {
                Id = "hostdev-duplicate", Severity = VmFindingSeverity.Warning, FixedByPlan = true,
                Explanation = $"{Describe(removed.Distinct().Order().ToList())} {(removed.Count == 1 ? "is" : "are")} listed more than once as a host device: libvirt cannot give one function to the guest twice.",
                Fix = "The plan keeps the first entry of each and removes the repeats.",
            });
            reasons.Add("remove repeated host devices");
        }

        var isolated = new HashSet<PciAddress>(request.IsolatedFunctions);
        foreach (var device in scan.Devices.Where(d => d.Driver == "vfio-pci")) isolated.Add(device.Address);
        var notIsolated = functions.Where(f => !isolated.Contains(f)).ToList();
        if (notIsolated.Count > 0)
            findings.Add(new VmFinding
            {
                Id = "function-not-isolated", Severity = VmFindingSeverity.Warning, FixedByPlan = false,
                Explanation = $"{Describe(notIsolated)} {(notIsolated.Count == 1 ? "is" : "are")} not bound to vfio-pci and step 3 has not planned {(notIsolated.Count == 1 ? "it" : "them")}. " +
                              "libvirt will try to take the function from its host driver when the VM starts; a GPU the host's display or audio server uses often cannot be taken that way and the host may hang.",
                Fix = "Do step 3 (isolate the card on vfio-pci) and reboot before starting the VM.",
            });

        foreach (var other in snapshot.OtherDomains)
        {
            var shared = other.PciHostdevs.Select(h => h.Source).Where(functions.Contains).Distinct().Order().ToList();
            if (shared.Count == 0) continue;
            findings.Add(new VmFinding
            {
                Id = "hostdev-in-other-vm", Severity = VmFindingSeverity.Warning, FixedByPlan = false,
                Explanation = $"The VM '{other.Name}' is also given {Describe(shared)}. A function can be in only one running VM: whichever of the two starts second fails to start.",
                Fix = $"Run only one of '{domain.Name}' and '{other.Name}' at a time, or remove the card from '{other.Name}'.",
            });
        }

        var card = kept.Where(h => functions.Contains(h.Read.Source)).ToList();
        var unmanaged = card.Where(h => !h.Read.Managed).ToList();
        foreach (var hostdev in unmanaged) editor.SetAttribute(hostdev.Element, "managed", "yes");
        if (unmanaged.Count > 0)
        {
            findings.Add(new VmFinding
            {
                Id = "hostdev-unmanaged", Severity = VmFindingSeverity.Warning, FixedByPlan = true,
                Explanation = $"{Describe(unmanaged.Select(h => h.Read.Source).ToList())} {(unmanaged.Count == 1 ? "is" : "are")} passed with managed='no': the VM starts only if something else has already bound {(unmanaged.Count == 1 ? "it" : "them")} to vfio-pci.",
                Fix = "The plan sets managed='yes', so libvirt detaches the function from its host driver at start and gives it back at stop.",
            });
            reasons.Add("let libvirt manage the card's functions");
        }

        // Guest placement: only when the XML already places the card; libvirt places new devices itself otherwise.
        var placed = card.Where(h => h.Read.GuestAddress is not null).ToList();
        PciAddress? targetSlot = null;
        if (placed.Count > 0)
        {
            var anchor = placed.FirstOrDefault(h => h.Read.Source == gpuFunction);
            targetSlot = (anchor.Element is not null ? anchor : placed[0]).Read.GuestAddress!.Address.SlotAddress;
            var cardElements = card.Select(h => h.Element).ToHashSet();
            var taken = devices!.Descendants("address")
                .Where(a => (string?)a.Attribute("type") == "pci" && !cardElements.Contains(a.Parent!) && a.Parent?.Name != "source")
                .Select(DomainDefinition.ReadAddress)
                .Where(a => a is not null && a.Value.IsSameSlot(targetSlot.Value) && functions.Any(f => f.Function == a.Value.Function))
                .Select(a => a!.Value).ToList();
            if (taken.Count > 0)
            {
                findings.Add(new VmFinding
                {
                    Id = "guest-slot-taken", Severity = VmFindingSeverity.Warning, FixedByPlan = false,
                    Explanation = $"The guest slot {targetSlot.Value.ToString()[..^2]} the card uses also holds another device on a function the card needs ({Describe(taken)}), so the card's functions cannot all be put on it.",
                    Fix = "Move the other device to another guest slot by hand (virsh edit), or remove the card's guest addresses and let libvirt place them.",
                });
                targetSlot = null;
            }
        }

        var multifunction = functions.Count > 1;
        if (placed.Count == 0 && multifunction && devices is not null)
        {
            // libvirt would put each new function on a root port of its own; give the card one guest slot from the start,
            // so the functions stay one multifunction device and planning again finds nothing to move.
            targetSlot = FreeGuestSlot(domain, devices, editor);
            if (targetSlot is not null) reasons.Add($"place the card's functions together on guest slot {targetSlot.Value.ToString()[..^2]}");
        }
        PciAddress GuestFor(PciAddress source) => targetSlot!.Value with { Function = source.Function };
        if (targetSlot is not null)
        {
            var moved = new List<PciAddress>();
            foreach (var (element, read) in card)
            {
                var want = GuestFor(read.Source);
                var wantMulti = multifunction && want.Function == 0;
                if (read.GuestAddress is { } have && have.Address == want && have.Multifunction == wantMulti) continue;
                var address = element.Element("address");
                if (address is null)
                {
                    editor.AppendChild(element, GuestAddressElement(want, wantMulti));
                }
                else
                {
                    editor.SetAttribute(address, "domain", Hex(want.Domain, 4));
                    editor.SetAttribute(address, "bus", Hex(want.Bus, 2));
                    editor.SetAttribute(address, "slot", Hex(want.Slot, 2));
                    editor.SetAttribute(address, "function", Hex(want.Function, 1));
                    if (wantMulti) editor.SetAttribute(address, "multifunction", "on");
                    else if (address.Attribute("multifunction") is not null) editor.SetAttribute(address, "multifunction", "off");
                }
                moved.Add(read.Source);
            }
            if (moved.Count > 0)
            {
                findings.Add(new VmFinding
                {
                    Id = "functions-split", Severity = VmFindingSeverity.Warning, FixedByPlan = true,
                    Explanation = $"The card's functions are not together on one guest slot ({Describe(moved)} {(moved.Count == 1 ? "sits" : "sit")} elsewhere). In the guest they would look like separate cards; some drivers (NVIDIA's HDMI audio, AMD's) expect them as one multifunction device like on the host.",
                    Fix = $"The plan puts every function on guest slot {targetSlot.Value.ToString()[..^2]}, each on its own function number{(multifunction ? ", with multifunction='on' on function 0" : "")}.",
                });
                reasons.Add("keep the card's functions together on one guest slot");
            }
        }

        var missing = functions.Where(f => card.All(h => h.Read.Source != f)).ToList();
        var anchorElement = kept.Count > 0 ? kept[^1].Element : null;
        foreach (var function in missing)
        {
            var element = new XElement("hostdev", new XAttribute("mode", "subsystem"), new XAttribute("type", "pci"), new XAttribute("managed", "yes"),
                new XElement("source", AddressElement(function, null)));
            if (function == gpuFunction && request.RomFile is { } romFile) element.Add(new XElement("rom", new XAttribute("file", romFile)));
            if (targetSlot is not null) element.Add(GuestAddressElement(GuestFor(function), multifunction && function.Function == 0));
            if (devices is null) throw new InvalidOperationException("The domain has no <devices> element.");
            editor.AppendChild(devices, element, anchorElement);
        }
        if (missing.Count > 0)
        {
            findings.Add(new VmFinding
            {
                Id = "hostdev-missing", Severity = VmFindingSeverity.Warning, FixedByPlan = true,
                Explanation = $"{Describe(missing)} {(missing.Count == 1 ? "is" : "are")} not passed to the VM yet. Every function of the card goes together (the guide adds the video and the audio function): a card missing one often fails to start or to reset.",
                Fix = "The plan adds each as <hostdev mode='subsystem' type='pci' managed='yes'> with its host address.",
            });
            reasons.Add("add " + Describe(missing) + " as host devices");
        }

        if (request.RomFile is { } rom)
        {
            var existing = card.FirstOrDefault(h => h.Read.Source == gpuFunction);
            if (existing.Element is not null && existing.Read.RomFile != rom)
            {
                if (existing.Element.Element("rom") is { } romElement) editor.SetAttribute(romElement, "file", rom);
                else editor.AppendChild(existing.Element, new XElement("rom", new XAttribute("file", rom)), existing.Element.Element("source"));
            }
            if (existing.Element is null || existing.Read.RomFile != rom)
            {
                findings.Add(new VmFinding
                {
                    Id = "rom-file", Severity = VmFindingSeverity.Info, FixedByPlan = true,
                    Explanation = $"The guest will read the card's ROM from {rom} instead of the card itself (for cards whose own ROM is unreadable once the host booted on them, or a patched ROM).",
                    Fix = $"The plan sets <rom file='{rom}'/> on {gpuFunction}. libvirt's QEMU must be able to read the file (AppArmor/SELinux: /var/lib/libvirt/vbios is a good place).",
                });
                reasons.Add("use the ROM file " + rom);
            }
        }
    }

    private static void PlanHiding(VmPlanRequest request, DomainDefinition domain, DomainEditor editor, NewFeatures newFeatures, List<VmFinding> findings, List<string> reasons)
    {
        if (!request.HideHypervisor)
        {
            if (domain.VendorId is not { On: true } || domain.KvmHidden != true)
                findings.Add(new VmFinding
                {
                    Id = "hypervisor-visible", Severity = VmFindingSeverity.Info, FixedByPlan = false,
                    Explanation = "The guest can see it runs in a VM (no vendor_id / kvm hidden). " + (request.HideHypervisorReason ?? "Current GPU drivers do not mind."),
                    Fix = "Nothing to do unless the guest driver refuses the card (Windows Device Manager: Code 43); then plan again with the hypervisor hidden.",
                });
            return;
        }

        var wanted = request.VendorId ??
                     (domain.VendorId is { On: true, Value: { } current } && HypervVendorId.Validate(current) is null ? current : VmPlanRequest.DefaultVendorId);
        var features = editor.Root.Element("features");
        var hyperv = features?.Element("hyperv");
        var kvm = features?.Element("kvm");
        var changed = false;
        var needVendor = domain.VendorId is not { On: true } || domain.VendorId.Value != wanted;
        var needHidden = domain.KvmHidden != true;
        var vendorElement = new XElement("vendor_id", new XAttribute("state", "on"), new XAttribute("value", wanted));
        var hiddenElement = new XElement("hidden", new XAttribute("state", "on"));
        if (needVendor)
        {
            if (hyperv?.Element("vendor_id") is { } vendor)
            {
                editor.SetAttribute(vendor, "state", "on");
                editor.SetAttribute(vendor, "value", wanted);
            }
            else if (hyperv is not null) editor.AppendChild(hyperv, vendorElement);
            else newFeatures.Add(new XElement("hyperv", vendorElement));
            changed = true;
        }
        if (needHidden)
        {
            if (kvm?.Element("hidden") is { } hidden) editor.SetAttribute(hidden, "state", "on");
            else if (kvm is not null) editor.AppendChild(kvm, hiddenElement);
            else newFeatures.Add(new XElement("kvm", hiddenElement));
            changed = true;
        }
        if (!changed) return;
        findings.Add(new VmFinding
        {
            Id = "hypervisor-hidden", Severity = VmFindingSeverity.Info, FixedByPlan = true,
            Explanation = "The guest driver should not see a hypervisor. " + (request.HideHypervisorReason ?? "NVIDIA drivers before 465 stop with Code 43 when they detect a VM."),
            Fix = $"The plan sets <hyperv><vendor_id state='on' value='{wanted}'/></hyperv> and <kvm><hidden state='on'/></kvm>, as the guide does.",
        });
        reasons.Add("hide the hypervisor from the guest driver (vendor_id, kvm hidden)");
    }

    /// <summary>
    /// A guest slot for a card not placed yet. q35: a new PCIe root port (the next controller index) whose slot 0 takes
    /// the functions, as libvirt itself does for one function. i440fx: the lowest slot of bus 0 no device uses
    /// (0 and 1 are the host and ISA bridges, 2 is where libvirt puts the video device).
    /// </summary>
    private static PciAddress? FreeGuestSlot(DomainDefinition domain, XElement devices, DomainEditor editor)
    {
        var controllers = devices.Elements("controller").Where(c => (string?)c.Attribute("type") == "pci").ToList();
        if (domain.MachineFamily == MachineFamily.Q35)
        {
            var next = controllers.Select(c => int.TryParse((string?)c.Attribute("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
                .DefaultIfEmpty(0).Max() + 1;
            if (next > 0xff) return null;
            var port = new XElement("controller", new XAttribute("type", "pci"), new XAttribute("index", next.ToString(CultureInfo.InvariantCulture)), new XAttribute("model", "pcie-root-port"));
            editor.AppendChild(devices, port, controllers.Count > 0 ? controllers[^1] : null);
            return new PciAddress(0, next, 0, 0);
        }
        var used = devices.Descendants("address")
            .Where(a => (string?)a.Attribute("type") == "pci" && a.Parent?.Name != "source")
            .Select(DomainDefinition.ReadAddress).Where(a => a is { Domain: 0, Bus: 0 }).Select(a => a!.Value.Slot).ToHashSet();
        for (var slot = 3; slot < 0x1f; slot++)
        {
            if (!used.Contains(slot)) return new PciAddress(0, 0, slot, 0);
        }
        return null;
    }

    /// <summary>Every function of the card's slot, from the scan (the assessment when there is one).</summary>
    private static List<PciAddress> CardFunctions(ScanReport scan, PciAddress gpu)
    {
        var assessed = scan.Gpus.FirstOrDefault(g => g.Functions.Contains(gpu) || g.Address.SlotAddress == gpu.SlotAddress);
        if (assessed is not null) return assessed.Functions.Order().ToList();
        return scan.Devices.Where(d => d.Address.IsSameSlot(gpu)).Select(d => d.Address).Order().ToList();
    }

    private static XElement AddressElement(PciAddress address, string? type)
    {
        var element = new XElement("address");
        if (type is not null) element.Add(new XAttribute("type", type));
        element.Add(new XAttribute("domain", Hex(address.Domain, 4)), new XAttribute("bus", Hex(address.Bus, 2)),
            new XAttribute("slot", Hex(address.Slot, 2)), new XAttribute("function", Hex(address.Function, 1)));
        return element;
    }

    private static XElement GuestAddressElement(PciAddress address, bool multifunction)
    {
        var element = AddressElement(address, "pci");
        if (multifunction) element.Add(new XAttribute("multifunction", "on"));
        return element;
    }

    private static string Hex(int value, int digits) => "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Describe(List<PciAddress> addresses) =>
        addresses.Count == 1 ? addresses[0].ToString() : string.Join(", ", addresses.Take(addresses.Count - 1)) + " and " + addresses[^1];

    private static VmPlanResult Error(VmPlanRequest request, string message) =>
        new() { Outcome = VmPlanOutcome.Error, Request = request, Message = message };
}
