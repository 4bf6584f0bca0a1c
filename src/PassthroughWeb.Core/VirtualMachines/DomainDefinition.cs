using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// A read-only view of a libvirt domain XML: what step 4 needs to judge a VM for passthrough. It reads XML written
/// by libvirt (<c>virsh dumpxml</c>) and by hand (quotes of either kind, hex or decimal numbers, comments).
/// </summary>
public sealed record DomainDefinition
{
    public required string Name { get; init; }
    public string? Uuid { get; init; }

    /// <summary>The hypervisor type: <c>kvm</c>, <c>qemu</c> (TCG emulation) …</summary>
    public required string DomainType { get; init; }

    /// <summary>The machine type as written (<c>q35</c>, <c>pc-q35-7.2</c>, <c>pc</c>, <c>pc-i440fx-2.7</c>); null when absent.</summary>
    public string? Machine { get; init; }

    public required MachineFamily MachineFamily { get; init; }
    public required FirmwareKind Firmware { get; init; }

    /// <summary>What showed the firmware: the <c>firmware</c> attribute, the loader path, or nothing (libvirt's BIOS default).</summary>
    public required string FirmwareEvidence { get; init; }

    /// <summary>The <c>&lt;loader&gt;</c> path, when the XML names one.</summary>
    public string? LoaderPath { get; init; }

    /// <summary>Secure Boot: the firmware feature <c>secure-boot</c>, a <c>secure='yes'</c> loader or a Secure Boot OVMF build.</summary>
    public required bool SecureBoot { get; init; }

    public required IReadOnlyList<PciHostdev> PciHostdevs { get; init; }
    public required IReadOnlyList<MediatedHostdev> MediatedHostdevs { get; init; }

    /// <summary><c>&lt;hyperv&gt;&lt;vendor_id/&gt;</c>, null when absent.</summary>
    public HypervVendorId? VendorId { get; init; }

    /// <summary><c>&lt;kvm&gt;&lt;hidden state='…'/&gt;</c>: true/false as written, null when absent.</summary>
    public bool? KvmHidden { get; init; }

    public TpmDevice? Tpm { get; init; }

    /// <summary>The XML is a running domain's live XML (<c>&lt;domain id='N'&gt;</c>), not its persistent definition.</summary>
    public required bool IsLive { get; init; }

    /// <summary>Reads domain XML; throws <see cref="FormatException"/> when it is not one (use <see cref="TryParse"/> for user input).</summary>
    public static DomainDefinition Parse(string xml) =>
        TryParse(xml, out var definition, out var error) ? definition : throw new FormatException(error);

    /// <summary>Reads domain XML; false with the reason in words when it is not well-formed or not a domain.</summary>
    public static bool TryParse(string xml, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainDefinition? definition, out string? error)
    {
        ArgumentNullException.ThrowIfNull(xml);
        definition = null;
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            error = $"The domain XML is not well-formed: {e.Message}";
            return false;
        }
        return TryRead(document, out definition, out error);
    }

    internal static bool TryRead(XDocument document, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainDefinition? definition, out string? error)
    {
        definition = null;
        var root = document.Root;
        if (root is null || root.Name != "domain")
        {
            error = $"This is not libvirt domain XML: the root element is <{root?.Name.LocalName}>, not <domain>.";
            return false;
        }
        var name = root.Element("name")?.Value;
        if (string.IsNullOrEmpty(name))
        {
            error = "The domain XML has no <name>.";
            return false;
        }

        var os = root.Element("os");
        // libvirt always writes <os> (the guest type) and <devices>; a definition without them did not come from libvirt whole.
        if (os is null || root.Element("devices") is null)
        {
            error = $"The domain XML of '{name}' has no <{(os is null ? "os" : "devices")}> element (libvirt always writes one); it may be cut off or edited by hand.";
            return false;
        }
        var machine = os?.Element("type")?.Attribute("machine")?.Value;
        var loader = os?.Element("loader");
        var loaderPath = loader is null ? null : loader.Value.Trim() is { Length: > 0 } path ? path : null;
        var (firmware, evidence) = ReadFirmware(os, loader, loaderPath);
        var devices = root.Element("devices");
        var hostdevs = devices?.Elements("hostdev").ToList() ?? [];
        var features = root.Element("features");
        var vendor = features?.Element("hyperv")?.Element("vendor_id");
        var hidden = features?.Element("kvm")?.Element("hidden");
        var tpm = devices?.Element("tpm");

        var pci = new List<PciHostdev>();
        foreach (var hostdev in hostdevs.Where(IsPciHostdev))
        {
            if (ReadPciHostdev(hostdev) is not { } read)
            {
                error = $"A PCI <hostdev> of '{name}' has no readable source address.";
                return false;
            }
            pci.Add(read);
        }

        definition = new DomainDefinition
        {
            Name = name,
            Uuid = root.Element("uuid")?.Value.Trim(),
            DomainType = root.Attribute("type")?.Value ?? "",
            Machine = machine,
            MachineFamily = FamilyOf(machine),
            Firmware = firmware,
            FirmwareEvidence = evidence,
            LoaderPath = loaderPath,
            SecureBoot = ReadSecureBoot(os, loader, loaderPath),
            PciHostdevs = pci,
            MediatedHostdevs = hostdevs.Where(h => (string?)h.Attribute("type") == "mdev")
                .Select(h => new MediatedHostdev { Uuid = h.Element("source")?.Element("address")?.Attribute("uuid")?.Value, Model = h.Attribute("model")?.Value })
                .ToList(),
            VendorId = vendor is null ? null : new HypervVendorId { On = IsOn(vendor), Value = vendor.Attribute("value")?.Value },
            KvmHidden = hidden is null ? null : IsOn(hidden),
            Tpm = tpm is null ? null : new TpmDevice
            {
                Model = tpm.Attribute("model")?.Value,
                Backend = tpm.Element("backend")?.Attribute("type")?.Value,
                Version = tpm.Element("backend")?.Attribute("version")?.Value,
                DevicePath = tpm.Element("backend")?.Element("device")?.Attribute("path")?.Value,
            },
            IsLive = root.Attribute("id") is { } id && id.Value != "-1",
        };
        error = null;
        return true;
    }

    internal static bool IsPciHostdev(XElement hostdev) =>
        (string?)hostdev.Attribute("type") == "pci" && ((string?)hostdev.Attribute("mode") ?? "subsystem") == "subsystem";

    internal static PciHostdev? ReadPciHostdev(XElement hostdev)
    {
        if (ReadAddress(hostdev.Element("source")?.Element("address")) is not { } source) return null;
        var guest = hostdev.Element("address");
        var rom = hostdev.Element("rom");
        return new PciHostdev
        {
            Source = source,
            Managed = (string?)hostdev.Attribute("managed") == "yes",
            GuestAddress = guest is not null && ((string?)guest.Attribute("type") ?? "pci") == "pci" && ReadAddress(guest) is { } address
                ? new GuestPciAddress { Address = address, Multifunction = (string?)guest.Attribute("multifunction") == "on" }
                : null,
            RomFile = rom?.Attribute("file")?.Value,
            RomBar = rom?.Attribute("bar")?.Value,
        };
    }

    /// <summary>An <c>&lt;address domain= bus= slot= function=/&gt;</c>; libvirt reads the numbers as C does (0x hex, else decimal).</summary>
    internal static PciAddress? ReadAddress(XElement? address)
    {
        if (address is null) return null;
        int? Number(string attribute, int fallback)
        {
            var text = address.Attribute(attribute)?.Value.Trim();
            if (text is null) return fallback;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return int.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
        }
        var domain = Number("domain", 0);
        var bus = Number("bus", -1);
        var slot = Number("slot", -1);
        var function = Number("function", 0);
        if (domain is null || bus is null or < 0 or > 0xff || slot is null or < 0 or > 0x1f || function is null or < 0 or > 7) return null;
        return new PciAddress(domain.Value, bus.Value, slot.Value, function.Value);
    }

    private static bool IsOn(XElement element) => (string?)element.Attribute("state") == "on";

    private static MachineFamily FamilyOf(string? machine) => machine switch
    {
        null => MachineFamily.Other,
        "q35" => MachineFamily.Q35,
        _ when machine.StartsWith("pc-q35", StringComparison.Ordinal) => MachineFamily.Q35,
        "pc" => MachineFamily.I440fx,
        _ when machine.StartsWith("pc-i440fx", StringComparison.Ordinal) => MachineFamily.I440fx,
        _ => MachineFamily.Other,
    };

    private static (FirmwareKind, string) ReadFirmware(XElement? os, XElement? loader, string? loaderPath)
    {
        var attribute = os?.Attribute("firmware")?.Value;
        if (attribute == "efi") return (FirmwareKind.Uefi, "<os firmware='efi'>");
        if (attribute == "bios") return (FirmwareKind.Bios, "<os firmware='bios'>");
        if (loaderPath is not null && IsUefiLoader(loaderPath))
            return (FirmwareKind.Uefi, $"the OVMF loader {loaderPath}");
        if (loader is not null && (string?)loader.Attribute("type") == "pflash")
            return (FirmwareKind.Uefi, $"the pflash loader {loaderPath}");
        return loaderPath is null
            ? (FirmwareKind.Bios, "no UEFI firmware is named, so libvirt boots SeaBIOS")
            : (FirmwareKind.Bios, $"the loader {loaderPath} is not a UEFI build");
    }

    private static bool IsUefiLoader(string path) =>
        path.Contains("ovmf", StringComparison.OrdinalIgnoreCase) || path.Contains("edk2", StringComparison.OrdinalIgnoreCase) ||
        path.Contains("efi", StringComparison.OrdinalIgnoreCase);

    private static bool ReadSecureBoot(XElement? os, XElement? loader, string? loaderPath)
    {
        var feature = os?.Element("firmware")?.Elements("feature").FirstOrDefault(f => (string?)f.Attribute("name") == "secure-boot");
        if (feature is not null) return (string?)feature.Attribute("enabled") == "yes";
        if (loader is not null && (string?)loader.Attribute("secure") == "yes") return true;
        return loaderPath is not null && (loaderPath.Contains("secboot", StringComparison.OrdinalIgnoreCase) ||
                                          loaderPath.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }
}
