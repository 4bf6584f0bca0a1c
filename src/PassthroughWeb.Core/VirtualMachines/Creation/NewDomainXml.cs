using System.Globalization;
using System.Xml.Linq;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// Writes the domain XML of a new Windows VM in the shape virt-manager gives a Windows 10/11 guest and passthrough
/// users then edit it into (see the corpus of real domains): q35, OVMF from a firmware descriptor, the Hyper-V
/// enlightenments and clock virt-manager sets for Windows, the install ISO on SATA, and the card's functions as
/// managed hostdevs on one guest slot of their own root port, in the host's function order, function 0 multifunction.
/// Addresses of everything else are left to libvirt.
/// </summary>
public static class NewDomainXml
{
    private static readonly XNamespace LibOsInfo = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

    /// <summary>The guest PCI bus of the root port the card sits behind (bus 0 is pcie-root).</summary>
    public const int GpuGuestBus = 1;

    public static string Write(VmBlueprint vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var memoryKib = (vm.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture);
        var domain = new XElement("domain", new XAttribute("type", vm.DomainType),
            new XElement("name", vm.Name),
            new XElement("metadata",
                new XElement(LibOsInfo + "libosinfo", new XAttribute(XNamespace.Xmlns + "libosinfo", LibOsInfo.NamespaceName),
                    new XElement(LibOsInfo + "os", new XAttribute("id", vm.Windows == WindowsVersion.Windows11 ? "http://microsoft.com/win/11" : "http://microsoft.com/win/10")))),
            new XElement("memory", new XAttribute("unit", "KiB"), memoryKib),
            new XElement("currentMemory", new XAttribute("unit", "KiB"), memoryKib),
            new XElement("vcpu", new XAttribute("placement", "static"), vm.VirtualCpus),
            Os(vm),
            Features(vm),
            Cpu(vm),
            new XElement("clock", new XAttribute("offset", "localtime"),
                Timer("rtc", ("tickpolicy", "catchup")),
                Timer("pit", ("tickpolicy", "delay")),
                Timer("hpet", ("present", "no")),
                Timer("hypervclock", ("present", "yes"))),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            new XElement("pm",
                new XElement("suspend-to-mem", new XAttribute("enabled", "no")),
                new XElement("suspend-to-disk", new XAttribute("enabled", "no"))),
            Devices(vm));
        return new XDocument(domain).ToString() + "\n";
    }

    private static XElement Os(VmBlueprint vm) =>
        new("os",
            new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "q35"), "hvm"),
            new XElement("loader",
                new XAttribute("readonly", "yes"),
                vm.Firmware.SecureBoot ? new XAttribute("secure", "yes") : null,
                new XAttribute("type", "pflash"),
                vm.Firmware.CodePath),
            // libvirt copies the template into /var/lib/libvirt/qemu/nvram/NAME_VARS.fd on first start.
            new XElement("nvram", new XAttribute("template", vm.Firmware.VarsTemplatePath)),
            // An empty new disk boots nothing, so the firmware falls through to the ISO; once Windows is installed it boots first.
            new XElement("boot", new XAttribute("dev", "hd")),
            new XElement("boot", new XAttribute("dev", "cdrom")));

    private static XElement Features(VmBlueprint vm)
    {
        // The newer enlightenments are set through KVM: under emulation QEMU refuses to start with them ("kernel doesn't
        // allow setting HyperV VP_INDEX"), so a 'qemu' domain gets the three that TCG accepts.
        var kvm = vm.DomainType == "kvm";
        var hyperv = new XElement("hyperv", new XAttribute("mode", "custom"),
            On("relaxed"), On("vapic"),
            new XElement("spinlocks", new XAttribute("state", "on"), new XAttribute("retries", "8191")),
            kvm ? new[] { On("vpindex"), On("runtime"), On("synic"), On("stimer") } : null,
            vm.HideHypervisor ? new XElement("vendor_id", new XAttribute("state", "on"), new XAttribute("value", vm.VendorId)) : null,
            kvm ? new[] { On("frequencies"), On("tlbflush"), On("ipi") } : null);
        return new XElement("features",
            new XElement("acpi"),
            new XElement("apic"),
            hyperv,
            vm.HideHypervisor ? new XElement("kvm", new XElement("hidden", new XAttribute("state", "on"))) : null,
            new XElement("vmport", new XAttribute("state", "off")),
            // Secure Boot builds keep their variables safe from the OS only through SMM; QEMU refuses them without it.
            vm.Firmware.RequiresSmm ? new XElement("smm", new XAttribute("state", "on")) : null);
    }

    private static XElement Cpu(VmBlueprint vm)
    {
        var threads = vm.ThreadsPerCore;
        var topology = new XElement("topology",
            new XAttribute("sockets", "1"), new XAttribute("dies", "1"),
            new XAttribute("cores", vm.VirtualCpus / threads), new XAttribute("threads", threads));
        // host-passthrough gives Windows the real CPU (and the drivers what they expect); emulation offers QEMU's "max" model instead.
        return vm.DomainType == "kvm"
            ? new XElement("cpu", new XAttribute("mode", "host-passthrough"), new XAttribute("check", "none"), new XAttribute("migratable", "on"), topology)
            : new XElement("cpu", new XAttribute("mode", "maximum"), new XAttribute("check", "none"), new XAttribute("migratable", "on"), topology);
    }

    private static XElement Devices(VmBlueprint vm)
    {
        var devices = new XElement("devices",
            new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "qcow2"), new XAttribute("discard", "unmap")),
                new XElement("source", new XAttribute("file", vm.DiskPath)),
                new XElement("target", new XAttribute("dev", vm.DiskBus == "virtio" ? "vda" : "sda"), new XAttribute("bus", vm.DiskBus))),
            CdRom(vm.InstallIsoPath, vm.DiskBus == "virtio" ? "sda" : "sdb"));
        if (vm.VirtioWinIsoPath is { } drivers) devices.Add(CdRom(drivers, vm.DiskBus == "virtio" ? "sdb" : "sdc"));

        devices.Add(new XElement("controller", new XAttribute("type", "pci"), new XAttribute("index", "0"), new XAttribute("model", "pcie-root")));
        if (vm.GpuFunctions.Count > 0)
            devices.Add(new XElement("controller", new XAttribute("type", "pci"), new XAttribute("index", GpuGuestBus), new XAttribute("model", "pcie-root-port")));
        devices.Add(new XElement("controller", new XAttribute("type", "usb"), new XAttribute("model", "qemu-xhci"), new XAttribute("ports", "15")));

        devices.Add(new XElement("interface", new XAttribute("type", vm.Network.Kind == NetworkKind.Bridge ? "bridge" : "network"),
            new XElement("source", new XAttribute(vm.Network.Kind == NetworkKind.Bridge ? "bridge" : "network", vm.Network.Name)),
            new XElement("model", new XAttribute("type", vm.NetworkModel))));
        devices.Add(new XElement("input", new XAttribute("type", "tablet"), new XAttribute("bus", "usb")));
        // The QEMU guest agent's channel: once the agent is installed in Windows, step 5 asks it whether Windows lists the card.
        devices.Add(new XElement("channel", new XAttribute("type", "unix"),
            new XElement("target", new XAttribute("type", "virtio"), new XAttribute("name", "org.qemu.guest_agent.0"))));
        if (vm.Tpm)
            devices.Add(new XElement("tpm", new XAttribute("model", "tpm-crb"),
                new XElement("backend", new XAttribute("type", "emulator"), new XAttribute("version", "2.0"))));
        // An emulated display for Windows Setup; the card's own monitor takes over once its driver is in.
        devices.Add(new XElement("graphics", new XAttribute("type", "spice"), new XAttribute("autoport", "yes"),
            new XElement("listen", new XAttribute("type", "address")),
            new XElement("image", new XAttribute("compression", "off"))));
        devices.Add(new XElement("video", new XElement("model", new XAttribute("type", "qxl"))));

        // Guest function numbers follow the host's order from 0: a slot without function 0 is invisible to the guest.
        var functions = vm.GpuFunctions.Order().ToList();
        for (var i = 0; i < functions.Count; i++)
            devices.Add(Hostdev(functions[i], i, multifunction: i == 0 && functions.Count > 1));

        // Passed-through devices need all guest memory pinned, so a balloon could never return any of it.
        devices.Add(new XElement("memballoon", new XAttribute("model", "none")));
        return devices;
    }

    private static XElement CdRom(string path, string target) =>
        new("disk", new XAttribute("type", "file"), new XAttribute("device", "cdrom"),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw")),
            new XElement("source", new XAttribute("file", path)),
            new XElement("target", new XAttribute("dev", target), new XAttribute("bus", "sata")),
            new XElement("readonly"));

    private static XElement Hostdev(PciAddress source, int guestFunction, bool multifunction) =>
        new("hostdev", new XAttribute("mode", "subsystem"), new XAttribute("type", "pci"), new XAttribute("managed", "yes"),
            new XElement("source", Address(null, source.Domain, source.Bus, source.Slot, source.Function, false)),
            Address("pci", 0, GpuGuestBus, 0, guestFunction, multifunction));

    private static XElement Address(string? type, int domain, int bus, int slot, int function, bool multifunction) =>
        new("address",
            type is null ? null : new XAttribute("type", type),
            new XAttribute("domain", Hex(domain, 4)),
            new XAttribute("bus", Hex(bus, 2)),
            new XAttribute("slot", Hex(slot, 2)),
            new XAttribute("function", "0x" + function.ToString("x", CultureInfo.InvariantCulture)),
            multifunction ? new XAttribute("multifunction", "on") : null);

    private static string Hex(int value, int digits) => "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static XElement On(string name) => new(name, new XAttribute("state", "on"));

    private static XElement Timer(string name, params (string Name, string Value)[] attributes) =>
        new("timer", new XAttribute("name", name), attributes.Select(a => new XAttribute(a.Name, a.Value)));
}
