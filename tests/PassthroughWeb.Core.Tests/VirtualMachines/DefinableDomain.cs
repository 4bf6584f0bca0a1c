using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>
/// Makes a real-world domain XML definable on this machine's libvirt 9.0 / QEMU 7.2 without KVM, removing only what
/// does not define here: the PCI hostdevs (the test adds the card's own), the name and uuid (a fresh test name),
/// <c>type='kvm'</c> (no /dev/kvm: <c>qemu</c>), the emulator path (Debian's), machine types newer than QEMU 7.2
/// (<c>q35</c>), the loader and nvram of <c>firmware='efi'</c> domains (libvirt 9.0 refuses a readonly loader with
/// firmware autoselection), and devices libvirt 9.0 does not know or cannot define without SPICE graphics (the itco
/// watchdog, spice/pipewire audio, spicevmc USB redirection). TPM passthrough, mdev, shmem, qemu:commandline and
/// missing disk or loader files all define here and stay. Newer-schema details libvirt 9.0 does not know are dropped by
/// libvirt itself at define (so the first define is without --validate); the test plans on libvirt's dumpxml, as the app does.
/// </summary>
public static partial class DefinableDomain
{
    public const string Emulator = "/usr/bin/qemu-system-x86_64";

    public static string From(string corpusXml, string name)
    {
        var document = XDocument.Parse(corpusXml, LoadOptions.PreserveWhitespace);
        var root = document.Root!;
        root.SetAttributeValue("type", "qemu");
        root.SetAttributeValue("id", null);
        root.Element("name")!.Value = name;
        root.Element("uuid")?.Remove();

        var os = root.Element("os");
        var type = os?.Element("type");
        if (type?.Attribute("machine") is { } machine && NewMachine().Match(machine.Value) is { Success: true } match &&
            int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 8)
            machine.Value = "q35";
        if ((string?)os?.Attribute("firmware") == "efi")
        {
            os!.Element("loader")?.Remove();
            os.Element("nvram")?.Remove();
        }

        var devices = root.Element("devices");
        if (devices?.Element("emulator") is { } emulator) emulator.Value = Emulator;
        foreach (var element in devices?.Elements().ToList() ?? [])
        {
            var remove = element.Name.LocalName switch
            {
                "hostdev" => (string?)element.Attribute("type") == "pci",
                "watchdog" => (string?)element.Attribute("model") == "itco",
                "audio" => (string?)element.Attribute("type") is "spice" or "pipewire",
                "redirdev" => (string?)element.Attribute("type") == "spicevmc",
                _ => false,
            };
            if (remove) element.Remove();
        }
        return (document.Declaration is null ? "" : document.Declaration + "\n") + document.Root!.ToString(SaveOptions.DisableFormatting);
    }

    [GeneratedRegex(@"^pc-q35-(\d+)\.")]
    private static partial Regex NewMachine();
}
